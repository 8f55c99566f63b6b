import CairnWasm
