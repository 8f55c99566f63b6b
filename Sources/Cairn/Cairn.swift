@_exported import CairnHash
@_exported import CairnMachine
@_exported import CairnProgram
@_exported import CairnWasm
