"""Municipal operations (issue 8): what a city must be able to show each year besides
checklists and audits. Qt-free services; every list is a ``records.RecordKind`` declared
in its topic module and collected in ``kinds``; warnings in ``warnings``."""
