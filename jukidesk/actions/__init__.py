"""The clerk's actions: one Qt-free function per thing the clerk does, for the GUI and the
command line alike (``actions.base`` explains the contract). Neither front door opens a
transaction, takes a backup or decides "today" itself; they call an action and show its
``Outcome``."""
