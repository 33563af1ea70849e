"""Reading a ward's CCHC plan document (Word, text, PDF as text) into a draft plan file.

Pure rules over text: the file formats are read in services/plan_import/, which hands this
package blocks of text (blocks.py). Here: the document's shape (reading.py), completion times
(completion.py), targets' figures (targets.py), department names and codes (departments.py),
the draft (draft.py), its plan file text (yaml_out.py) and its summary (summary.py).
"""
