"""Transcript import: one entry point, `parse_transcript`, dispatching on the file's format.

Every importer turns a file into speaker turns. Nothing here touches the database: the caller
stores the result in one transaction only after the whole file has parsed, so a bad file
changes nothing.
"""
