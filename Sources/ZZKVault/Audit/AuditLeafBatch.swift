import SodiumKit

/// A run of consecutive audit entries as `audit verify` read them from their rows: each entry's
/// canonical encoding, built from the stored columns, and its stored leaf hash, never trusted
/// until ``hashed()`` has compared the two.
///
/// A batch holds no reference to the database, so another core can hash it while the next one
/// is read.
struct AuditLeafBatch: Sendable {
    /// The number of the first entry.
    let first: Int64
    /// The canonical encodings, back to back.
    private var encodings = CanonicalEntryWriter()
    /// Where each entry's encoding ends in `encodings`.
    private var ends: [Int] = []
    /// The stored leaf hashes, 32 bytes each (zeros where the stored one has another length).
    private var stored: [UInt8] = []
    /// Stored leaf hashes that are not 32 bytes long (a damaged row), by index in the batch.
    private var oddStored: [Int: [UInt8]] = [:]

    /// An empty batch starting at entry `first`, with room for `capacity` entries whose encodings
    /// take `bytes` bytes (reserved at once: growing the buffer would copy it).
    init(first: Int64, capacity: Int, bytes: Int) {
        self.first = first
        encodings.bytes.reserveCapacity(bytes)
        ends.reserveCapacity(capacity)
        stored.reserveCapacity(capacity * SHA256.digestLength)
    }

    /// The number of entries in the batch.
    var count: Int { ends.count }

    /// The length of the batch's encodings, in bytes.
    var encodedBytes: Int { encodings.bytes.count }

    /// Appends the next entry from its stored columns (UTF-8 bytes; nil for SQL NULL).
    mutating func append(
        time: UnsafeBufferPointer<UInt8>, actor: UnsafeBufferPointer<UInt8>, action: UnsafeBufferPointer<UInt8>,
        person: UnsafeBufferPointer<UInt8>?, fields: UnsafeBufferPointer<UInt8>, purpose: UnsafeBufferPointer<UInt8>?,
        decision: UnsafeBufferPointer<UInt8>, detail: UnsafeBufferPointer<UInt8>, leafHash: UnsafeRawBufferPointer
    ) {
        encodings.append(seq: first + Int64(count), time: time, actor: actor, action: action, person: person,
                         fields: fields, purpose: purpose, decision: decision, detail: detail)
        if leafHash.count == SHA256.digestLength {
            stored.append(contentsOf: leafHash)
        } else {
            oddStored[count] = Array(leafHash)
            stored.append(contentsOf: repeatElement(0, count: SHA256.digestLength))
        }
        ends.append(encodings.bytes.count)
    }

    /// Recomputes every entry's leaf hash from its encoding and compares it with the stored one,
    /// and hashes the tree of the stored leaf hashes (the ones the signed checkpoints cover).
    func hashed() -> AuditBatchTree {
        let length = SHA256.digestLength
        var edited: [Int] = []
        var digest = [UInt8](repeating: 0, count: length)
        encodings.bytes.withUnsafeBytes { encodings in
            stored.withUnsafeBytes { stored in
                digest.withUnsafeMutableBytes { digest in
                    var start = 0
                    for (index, end) in ends.enumerated() {
                        TreeHash.hash(domain: 0x00, UnsafeRawBufferPointer(rebasing: encodings[start..<end]),
                                    into: digest.baseAddress!)
                        let slot = UnsafeRawBufferPointer(rebasing: stored[(index * length)..<((index + 1) * length)])
                        let odd = !oddStored.isEmpty && oddStored[index] != nil
                        if odd || !slot.elementsEqual(digest) { edited.append(index) }
                        start = end
                    }
                }
            }
        }
        return AuditBatchTree(first: first, leaves: stored, oddLeaves: oddStored, edited: edited)
    }
}
