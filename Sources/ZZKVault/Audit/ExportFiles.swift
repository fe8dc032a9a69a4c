import Foundation

/// The files of an audit export as the verifier reads them: from a folder on disk, or from
/// memory (the fuzz targets). Reading is bounded, because an export may come from anyone:
/// small files are read whole up to ``maximumSmallFile``; `entries.jsonl` and
/// `checkpoints.jsonl` are streamed a line at a time, each line at most ``maximumLine``, so a
/// multi-gigabyte or endless file (a sparse file, a link to `/dev/zero`) never sits in memory.
enum ExportFiles {
    case folder(URL)
    case memory([String: Data])

    /// The most a small export file (manifest, checkpoint, key, frontier, proof) may hold.
    static let maximumSmallFile = 1 << 20
    /// The longest line of `entries.jsonl` or `checkpoints.jsonl`: the vault writes lines of
    /// well under a kilobyte.
    static let maximumLine = 1 << 20

    /// What reading a file gave.
    enum Failure: Error, Equatable {
        /// No file of that name.
        case missing
        /// The file is there but cannot be used; the text says why (no file contents).
        case unusable(String)
    }

    /// The whole of a small file.
    func contents(_ name: String) -> Result<Data, Failure> {
        switch self {
        case let .memory(files):
            guard let data = files[name] else { return .failure(.missing) }
            return data.count > Self.maximumSmallFile ? .failure(.unusable(Self.tooLarge(name))) : .success(data)
        case let .folder(directory):
            var data = Data()
            return Self.readChunks(directory, name) { chunk in
                data.append(contentsOf: chunk)
                return data.count > Self.maximumSmallFile ? .failure(.unusable(Self.tooLarge(name))) : .success(true)
            }.map { data }
        }
    }

    /// Calls `body` with each non-empty line of `name` (without its `\n`) and its line number
    /// (from 1, counting empty lines) until it returns false. A line longer than
    /// ``maximumLine`` is a failure naming its line number.
    func forEachLine(_ name: String, _ body: (ArraySlice<UInt8>, Int) -> Bool) -> Result<Void, Failure> {
        switch self {
        case let .memory(files):
            guard let data = files[name] else { return .failure(.missing) }
            var splitter = LineSplitter(name: name)
            return splitter.feed(Array(data)[...], body).flatMap { $0 ? splitter.finish(body) : .success(()) }
        case let .folder(directory):
            var splitter = LineSplitter(name: name)
            var stopped = false
            return Self.readChunks(directory, name) { chunk in
                splitter.feed(chunk, body).map { more in stopped = !more; return more }
            }.flatMap { stopped ? .success(()) : splitter.finish(body) }
        }
    }

    /// Reads file `name` of `directory` in 64 kB chunks, handing each to `body` until it
    /// returns false or fails, or the file ends.
    private static func readChunks(_ directory: URL, _ name: String, _ body: (ArraySlice<UInt8>) -> Result<Bool, Failure>) -> Result<Void, Failure> {
        let fd: Int32
        switch open(directory.appendingPathComponent(name).path, name: name) {
        case let .success(opened): fd = opened
        case let .failure(failure): return .failure(failure)
        }
        defer { close(fd) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { return .failure(.unusable("\(name) cannot be read (\(KeyDirectory.errnoText()))")) }
            if n == 0 { return .success(()) }
            switch body(chunk[0..<n]) {
            case .success(true): continue
            case .success(false): return .success(())
            case let .failure(failure): return .failure(failure)
            }
        }
    }

    /// Opens a file of the export: a regular file only (also through a link), without waiting
    /// on a named pipe.
    private static func open(_ path: String, name: String) -> Result<Int32, Failure> {
        var info = stat()
        if stat(path, &info) != 0 {
            return errno == ENOENT ? .failure(.missing) : .failure(.unusable("\(name) cannot be opened (\(KeyDirectory.errnoText()))"))
        }
        guard info.st_mode & S_IFMT == S_IFREG else { return .failure(.unusable("\(name) is not a regular file")) }
        do { return .success(try InputFile.openForReading(path)) } catch {
            return .failure(.unusable("\(name) cannot be opened"))
        }
    }

    private static func tooLarge(_ name: String) -> String {
        "\(name) is larger than \(InputFile.sizeText(maximumSmallFile)); an export never writes one that large"
    }

    /// Cuts bytes into lines across reads, holding at most one line.
    private struct LineSplitter {
        let name: String
        var pending: [UInt8] = []
        var line = 1

        /// Feeds `bytes`; `.success(false)` when `body` asked to stop.
        mutating func feed(_ bytes: ArraySlice<UInt8>, _ body: (ArraySlice<UInt8>, Int) -> Bool)
            -> Result<Bool, Failure> {
            var rest = bytes
            while let newline = rest.firstIndex(of: 0x0A) {
                let piece = rest[..<newline]
                rest = rest[rest.index(after: newline)...]
                let complete: ArraySlice<UInt8>
                if pending.isEmpty { complete = piece } else { pending.append(contentsOf: piece); complete = pending[...] }
                guard complete.count <= ExportFiles.maximumLine else { return .failure(tooLong()) }
                if !complete.isEmpty, !body(complete, line) { return .success(false) }
                pending.removeAll(keepingCapacity: true)
                line += 1
            }
            pending.append(contentsOf: rest)
            guard pending.count <= ExportFiles.maximumLine else { return .failure(tooLong()) }
            return .success(true)
        }

        /// The last line, if the file does not end with a line break.
        mutating func finish(_ body: (ArraySlice<UInt8>, Int) -> Bool) -> Result<Void, Failure> {
            if !pending.isEmpty { _ = body(pending[...], line) }
            return .success(())
        }

        private func tooLong() -> Failure {
            .unusable("\(name): line \(line) is longer than \(InputFile.sizeText(ExportFiles.maximumLine)); no export line is")
        }
    }
}
