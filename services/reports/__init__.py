"""The periodic CCHC report: gathered once (data.py), written as Word (docx.py) and Excel."""
