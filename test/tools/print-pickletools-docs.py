"""Prints the PICKLETOOLS_DOC_LINES record for src/opcodes.ts: the first line of
each opcode's doc in CPython's pickletools (what `dis(annotate=...)` prints).
Run: python3 test/tools/print-pickletools-docs.py"""

import pickletools

print("const PICKLETOOLS_DOC_LINES: Readonly<Record<string, string>> = {")
for o in pickletools.opcodes:
    line = o.doc.split(chr(10), 1)[0]
    assert "\x27" not in line and "\\" not in line
    print(f"  {o.name}: \x27{line}\x27,")
print("};")
