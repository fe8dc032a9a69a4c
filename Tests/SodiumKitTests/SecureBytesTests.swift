import Testing
import Foundation
@testable import SodiumKit

/// SecureBytes: allocation, copying, constant-time comparison and slicing.
@Suite("SecureBytes")
struct SecureBytesTests {
    @Test("Two random buffers differ and have the requested length")
    func randomBuffersDiffer() throws {
        let first = try SecureBytes(randomCount: 32)
        let second = try SecureBytes(randomCount: 32)
        #expect(first.count == 32)
        #expect(second.count == 32)
        #expect(!first.constantTimeEquals(second))
        #expect(plainBytes(first) != plainBytes(second))
    }

    @Test("A secret's pages are excluded from core dumps and locked against swapping (VmFlags dd and lo in /proc/self/smaps)")
    func secretPagesAreNotDumpedOrSwapped() throws {
        let secret = try SecureBytes(randomCount: 32)
        let address = secret.withUnsafeBytes { UInt(bitPattern: $0.baseAddress!) }
        let smaps = try Self.procFile("/proc/self/smaps")
        var inMapping = false
        var flags: [Substring]?
        for line in smaps.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if let range = parts.first, range.contains("-"), parts.count >= 5 {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inMapping = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inMapping, line.hasPrefix("VmFlags:") {
                flags = Array(parts.dropFirst())
                break
            }
        }
        let found = try #require(flags, "the buffer's mapping is listed in /proc/self/smaps")
        #expect(found.contains("dd"), "MADV_DONTDUMP: not in core dumps (\(found))")
        // mlock is best effort: checked wherever the locked-memory limit leaves room for it.
        let limits = try Self.procFile("/proc/self/limits")
        let lockable = limits.split(separator: "\n").first { $0.hasPrefix("Max locked memory") }?
            .split(separator: " ").dropFirst(3).first.map { $0 == "unlimited" || (UInt64($0) ?? 0) >= 1 << 20 } ?? false
        // The ASan and TSan runtimes turn mlock into a no-op (make sanitize sets their options).
        let sanitized = ["ASAN_OPTIONS", "TSAN_OPTIONS"].contains { ProcessInfo.processInfo.environment[$0] != nil }
        if lockable && !sanitized { #expect(found.contains("lo"), "mlock: never swapped out (\(found))") }
    }

    /// A /proc file read to its end (they report a size of 0).
    static func procFile(_ path: String) throws -> String {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        return String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
    }

    @Test("refillRandom overwrites every byte of a buffer in place, so a reused key buffer keeps nothing of the old key")
    func refillOverwritesInPlace() throws {
        let buffer = try SecureBytes(zeroedCount: 64)
        let address = buffer.withUnsafeBytes { $0.baseAddress }
        buffer.refillRandom()
        #expect(buffer.withUnsafeBytes { $0.baseAddress } == address, "the same guarded allocation")
        #expect(buffer.withUnsafeBytes { Array($0) } != [UInt8](repeating: 0, count: 64))
        let before = buffer.withUnsafeBytes { Array($0) }
        buffer.refillRandom()
        #expect(zip(before, buffer.withUnsafeBytes { Array($0) }).filter { $0 == $1 }.count < 8, "about 1 in 256 bytes repeats by chance")
    }

    @Test("A released secret's guarded buffer is zeroed at once and serves the next secret of its size")
    func releasedBuffersAreZeroedAndReused() throws {
        let pool = GuardedPool()
        let first = try #require(pool.take(32))
        first.initializeMemory(as: UInt8.self, repeating: 0xA5, count: 32)
        pool.give(first, count: 32)
        let next = try #require(pool.take(32))
        #expect(next == first, "the parked allocation is reused")
        #expect(Array(UnsafeRawBufferPointer(start: next, count: 32)) == [UInt8](repeating: 0, count: 32),
                "nothing of the released secret is left")
        let other = try #require(pool.take(32))
        #expect(other != next, "a buffer in use is never handed out twice")
        pool.give(next, count: 32)
        pool.give(other, count: 32)
        // A SecureBytes released and made again still starts zeroed, whichever buffer it gets.
        do { _ = try SecureBytes(copying: [UInt8](repeating: 0xA5, count: 32)) }
        #expect(plainBytes(try SecureBytes(zeroedCount: 32)) == [UInt8](repeating: 0, count: 32))
    }

    @Test("A zeroed buffer holds only zero bytes")
    func zeroedBufferIsZero() throws {
        let buffer = try SecureBytes(zeroedCount: 100)
        #expect(plainBytes(buffer) == Array(repeating: 0, count: 100))
    }

    @Test("Copying an array or Data in and reading it back gives the same bytes")
    func copyingRoundTrip() throws {
        let bytes: [UInt8] = Array(0...255)
        #expect(plainBytes(try SecureBytes(copying: bytes)) == bytes)
        #expect(plainBytes(try SecureBytes(copying: Data(bytes))) == bytes)
    }

    @Test("Copying an empty source gives an empty buffer")
    func copyingEmpty() throws {
        let empty = try SecureBytes(copying: [UInt8]())
        #expect(empty.count == 0)
        #expect(plainBytes(empty) == [])
        #expect(empty.constantTimeEquals(try SecureBytes(zeroedCount: 0)))
    }

    @Test("The copy is independent of its source")
    func copyIsIndependent() throws {
        var source: [UInt8] = [1, 2, 3, 4]
        let secret = try SecureBytes(copying: source)
        source[0] = 99
        #expect(plainBytes(secret) == [1, 2, 3, 4])
    }

    @Test("Writes through withUnsafeMutableBytes are visible to readers")
    func mutableAccessWritesThrough() throws {
        let buffer = try SecureBytes(zeroedCount: 4)
        buffer.withUnsafeMutableBytes { raw in
            for index in raw.indices { raw[index] = UInt8(index + 10) }
        }
        #expect(plainBytes(buffer) == [10, 11, 12, 13])
    }

    @Test("constantTimeEquals is true for equal contents, false for one differing byte or another length")
    func constantTimeEquality() throws {
        let bytes: [UInt8] = Array(repeating: 0xAB, count: 32)
        let secret = try SecureBytes(copying: bytes)
        #expect(secret.constantTimeEquals(try SecureBytes(copying: bytes)))
        #expect(secret.constantTimeEquals(secret))
        for index in [0, 15, 31] {
            #expect(!secret.constantTimeEquals(try SecureBytes(copying: flipping(bytes, at: index))), "byte \(index)")
        }
        #expect(!secret.constantTimeEquals(try SecureBytes(copying: Array(bytes.prefix(31)))))
        #expect(!secret.constantTimeEquals(try SecureBytes(copying: bytes + [0xAB])))
    }

    @Test("slice returns exactly the bytes of the requested range")
    func sliceReturnsRange() throws {
        let bytes: [UInt8] = Array(0..<64)
        let secret = try SecureBytes(copying: bytes)
        #expect(plainBytes(try secret.slice(0..<32)) == Array(bytes[0..<32]))
        #expect(plainBytes(try secret.slice(32..<64)) == Array(bytes[32..<64]))
        #expect(plainBytes(try secret.slice(10..<11)) == [10])
        #expect(plainBytes(try secret.slice(0..<64)) == bytes)
        #expect(try secret.slice(5..<5).count == 0)
    }

    @Test("A slice is a copy: writing to it leaves the original unchanged")
    func sliceIsACopy() throws {
        let secret = try SecureBytes(copying: [UInt8](repeating: 1, count: 8))
        let part = try secret.slice(2..<6)
        part.withUnsafeMutableBytes { raw in raw[0] = 0xFF }
        #expect(plainBytes(secret) == Array(repeating: 1, count: 8))
        #expect(plainBytes(part) == [0xFF, 1, 1, 1])
    }

    @Test("Random.bytes returns the requested count and differs between calls")
    func randomBytes() {
        #expect(Random.bytes(0).isEmpty)
        #expect(Random.bytes(24).count == 24)
        #expect(Random.bytes(32) != Random.bytes(32))
    }

    @Test("Random.uniform stays below its upper bound")
    func randomUniformInRange() {
        for _ in 0..<1000 {
            #expect(Random.uniform(10) < 10)
        }
        #expect(Random.uniform(1) == 0)
    }

    @Test("The linked libsodium reports a version string")
    func libraryVersionIsReported() {
        #expect(!Sodium.libraryVersion.isEmpty)
    }
}
