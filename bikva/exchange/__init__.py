"""Studies in and out of QDA tools (NVivo, ATLAS.ti, MAXQDA, QualCoder) through the REFI-QDA
Project Exchange standard (`.qdpx`): export (`qdpx_export`), reading a project safely
(`qdpx_read`), placing coded selections in the text (`anchoring`) and import (`qdpx_import`)."""
