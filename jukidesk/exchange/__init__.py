"""Exchanging data with people who do not run jukidesk: Excel workbooks written for them and
read back, validated before anything is stored. Qt-free."""
