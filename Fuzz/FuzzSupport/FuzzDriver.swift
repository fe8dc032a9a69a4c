import Foundation

/// The entry point shared by the fuzz targets (docs/fuzzing.md).
///
/// Built with `-Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer` (`make fuzz`), ``run(_:)`` hands
/// the process to libFuzzer through `LLVMFuzzerRunDriver`, which parses libFuzzer's usual
/// options and corpus folders from the command line and calls the body once per input.
/// In a normal build (no libFuzzer runtime linked) it replays the files and folders named on
/// the command line instead, so `swift run FuzzCSVReader crash-…` reproduces a finding
/// without the sanitizers.
public enum FuzzDriver {
    /// The body libFuzzer calls; a C callback cannot capture, so it is kept here.
    nonisolated(unsafe) private static var body: (([UInt8]) -> Void)?

    public static func run(_ body: @escaping ([UInt8]) -> Void) -> Never {
        #if FUZZING
        self.body = body
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.body?(size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        })
        #else
        let paths = CommandLine.arguments.dropFirst().filter { !$0.hasPrefix("-") }
        guard !paths.isEmpty else {
            FileHandle.standardError.write(Data("usage: \(CommandLine.arguments[0]) FILE-OR-FOLDER...\n(built without -DFUZZING: replays inputs; see docs/fuzzing.md)\n".utf8))
            exit(2)
        }
        var count = 0
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                FileHandle.standardError.write(Data("no such file: \(path)\n".utf8))
                exit(2)
            }
            let files = isFolder.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                body(Array(data))
                count += 1
            }
        }
        print("replayed \(count) input(s) without a crash")
        exit(0)
        #endif
    }
}

#if FUZZING
/// libFuzzer's driver (compiler-rt, LLVM ≥ 11): runs the fuzzing loop with `callback`.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif
