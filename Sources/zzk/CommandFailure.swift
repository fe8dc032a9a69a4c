/// An error of the command line itself (not of the vault), with its exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32 = 1
}
