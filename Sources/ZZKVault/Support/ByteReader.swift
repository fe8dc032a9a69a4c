import Foundation

/// Reads what ``ByteWriter`` wrote, in the same order; any length or value out of place is a
/// ``Malformed`` error, never a crash.
struct ByteReader {
    /// The bytes end early, or hold a value of the wrong kind.
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte was read.
    var isAtEnd: Bool { offset == bytes.count }

    mutating func int() throws(Malformed) -> Int {
        guard bytes.count - offset >= 8 else { throw Malformed() }
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        offset += 8
        return Int(Int64(bitPattern: value))
    }

    mutating func string() throws(Malformed) -> String {
        let count = try int()
        guard count >= 0, bytes.count - offset >= count,
              let text = String(validating: bytes[offset..<offset + count], as: UTF8.self) else { throw Malformed() }
        offset += count
        return text
    }

    mutating func flag() throws(Malformed) -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw Malformed() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func optional<T>(_ read: (inout ByteReader) throws(Malformed) -> T) throws(Malformed) -> T? {
        try flag() ? try read(&self) : nil
    }

    mutating func list<T>(_ read: (inout ByteReader) throws(Malformed) -> T) throws(Malformed) -> [T] {
        let count = try int()
        // Every element takes at least one byte: a count beyond what is left is malformed.
        guard count >= 0, count <= bytes.count - offset else { throw Malformed() }
        var values: [T] = []
        values.reserveCapacity(count)
        for _ in 0..<count { values.append(try read(&self)) }
        return values
    }

    mutating func strings() throws(Malformed) -> [String] {
        try list { reader throws(Malformed) in try reader.string() }
    }

    mutating func optionalString() throws(Malformed) -> String? {
        try optional { reader throws(Malformed) in try reader.string() }
    }

    /// A value of a `String`-backed enumeration.
    mutating func raw<T: RawRepresentable>(_: T.Type) throws(Malformed) -> T where T.RawValue == String {
        guard let value = T(rawValue: try string()) else { throw Malformed() }
        return value
    }
}
