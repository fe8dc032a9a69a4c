/// Checks the raw command line before Swift decodes it: Swift silently replaces invalid
/// UTF-8 with U+FFFD, which would store a value different from the one typed.
enum ArgumentCheck {
    /// The 1-based position of the first argument that is not valid UTF-8, if any.
    static func firstInvalidUTF8Argument() -> Int? {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            if String(validatingCString: pointer) == nil { return index }
        }
        return nil
    }
}
