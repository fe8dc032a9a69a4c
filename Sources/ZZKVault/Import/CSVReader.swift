import Foundation

/// A streaming RFC 4180 CSV reader over a file: quoted fields may hold commas, doubled quotes
/// and line breaks; CRLF or LF line ends; UTF-8 required. Memory does not grow with the file:
/// it reads 64 KiB at a time and keeps one record.
public struct CSVReader {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// A malformed record: where, and why.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The longest field accepted, in bytes: a hostile file cannot make one field eat memory.
    public static let maximumFieldBytes = 1 << 20
    /// The most fields one record may have (the catalogue has about a hundred): a line of a
    /// million commas would otherwise become a million strings.
    public static let maximumFieldsPerRecord = 10_000
    /// The longest record accepted, in bytes, so that one record (kept whole) is bounded too.
    public static let maximumRecordBytes = 16 << 20

    /// The file read, or nil when reading bytes given in memory (`pending`).
    private let handle: FileHandle?
    private var pending: ArraySlice<UInt8> = []
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var line = 1
    private var startChecked = false
    private var bytesLoaded = 0
    /// Bytes read while looking for a byte-order mark that turned out not to be one.
    private var pushedBack: [UInt8] = []
    /// Why the file stopped before its end, if a read failed; reported as a problem, not as the end.
    private var readFailure: String?

    /// Opens `url` for reading. A folder is refused here, and a named pipe without a writer
    /// reads as an empty file instead of blocking (``InputFile``).
    public init(url: URL) throws(VaultError) {
        self.handle = FileHandle(fileDescriptor: try InputFile.openForReading(url.path), closeOnDealloc: true)
        self.chunkSize = 1 << 16
    }

    /// Reads `bytes` as if they were a file read `chunkSize` bytes at a time (for the fuzz
    /// targets and tests: a small chunk size exercises records that cross chunk boundaries).
    package init(bytes: [UInt8], chunkSize: Int = 1 << 16) {
        self.handle = nil
        self.pending = bytes[...]
        self.chunkSize = Swift.max(1, chunkSize)
    }

    private mutating func readChunk() -> [UInt8] {
        let chunk: [UInt8]
        if let handle {
            // The throwing read: the old readData(ofLength:) traps on a read error.
            do { chunk = Array(try handle.read(upToCount: chunkSize) ?? Data()) } catch {
                readFailure = "the file could not be read to its end (\((error as NSError).localizedDescription))"
                chunk = []
            }
        } else {
            chunk = Array(pending.prefix(chunkSize))
            pending = pending.dropFirst(chunk.count)
        }
        bytesLoaded += chunk.count
        return chunk
    }

    /// How many bytes of the input the records returned so far span (for a progress line).
    public var bytesRead: Int { bytesLoaded - (buffer.count - position) - pushedBack.count }

    private mutating func nextByte() -> UInt8? {
        if !pushedBack.isEmpty { return pushedBack.removeFirst() }
        if position == buffer.count {
            guard !atEnd else { return nil }
            let chunk = readChunk()
            if chunk.isEmpty { atEnd = true; return nil }
            buffer = chunk
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }

    private mutating func peekByte() -> UInt8? {
        if let first = pushedBack.first { return first }
        guard let byte = nextByte() else { return nil }
        position -= 1
        return byte
    }

    /// The next record, nil at the end of the file.
    public mutating func next() throws(Problem) -> Record? {
        if !startChecked {
            // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first field.
            startChecked = true
            var start: [UInt8] = []
            while start.count < 3, let byte = nextByte() {
                start.append(byte)
                if byte != [0xEF, 0xBB, 0xBF][start.count - 1] { break }
            }
            if start != [0xEF, 0xBB, 0xBF] { pushedBack = start }
        }
        var fields: [String] = []
        var field: [UInt8] = []
        let start = line
        var quoted = false
        var sawAny = false
        var recordBytes = 0
        func finish(_ bytes: [UInt8]) throws(Problem) -> String {
            guard let text = String(validating: bytes, as: UTF8.self) else { throw Problem(line: start, reason: "not valid UTF-8 text; save the file as UTF-8") }
            return text
        }
        while true {
            guard let byte = nextByte() else {
                if let readFailure { throw Problem(line: start, reason: readFailure) }
                if quoted { throw Problem(line: start, reason: "a quoted field is not closed before the end of the file") }
                if !sawAny { return nil }
                fields.append(try finish(field))
                return Record(line: start, fields: fields)
            }
            sawAny = true
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if peekByte() == UInt8(ascii: "\"") { _ = nextByte(); field.append(byte) } else { quoted = false }
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: ","):
                    fields.append(try finish(field))
                    field = []
                    guard fields.count < Self.maximumFieldsPerRecord else {
                        throw Problem(line: start, reason: "a record has more than \(Self.maximumFieldsPerRecord) fields; is it the right file?")
                    }
                case UInt8(ascii: "\""):
                    guard field.isEmpty else { throw Problem(line: start, reason: "a quote inside an unquoted field; quote the whole field and double inner quotes") }
                    quoted = true
                case UInt8(ascii: "\r"):
                    continue
                case UInt8(ascii: "\n"):
                    line += 1
                    fields.append(try finish(field))
                    return Record(line: start, fields: fields)
                default:
                    field.append(byte)
                }
            }
            if field.count > Self.maximumFieldBytes { throw Problem(line: start, reason: "a field is longer than \(Self.maximumFieldBytes >> 20) MB") }
            recordBytes += 1
            if recordBytes > Self.maximumRecordBytes { throw Problem(line: start, reason: "a record is longer than \(Self.maximumRecordBytes >> 20) MB") }
        }
    }
}
