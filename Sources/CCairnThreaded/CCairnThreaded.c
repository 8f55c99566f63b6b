// The threaded interpreter's glue is all in include/CCairnThreaded.h, compiled into the Swift
// module that imports it (CairnMachine); SwiftPM needs one source file for a C target.
