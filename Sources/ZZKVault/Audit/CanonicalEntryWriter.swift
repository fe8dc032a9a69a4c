/// Writes the canonical encoding of audit entries (`docs/audit-format.md`, *Entry encoding*)
/// byte by byte into one growing buffer: compact JSON with the keys in fixed order, `null` for
/// absent values, strings escaped minimally (`"`, `\`, controls as `\u00xx`, lowercase hex).
///
/// The entry's texts come as UTF-8 bytes: from `String`s when an entry is appended, straight from
/// SQLite's column buffers when `audit verify` hashes every stored row. Both go through the same
/// code, so both produce the same bytes.
struct CanonicalEntryWriter {
    /// The encodings written so far, one after the other.
    var bytes: [UInt8] = []

    /// Appends the canonical encoding of one entry; `fields` is the comma-joined list as stored
    /// (field ids hold no commas; a sealed list is one string).
    mutating func append(
        seq: Int64, time: UnsafeBufferPointer<UInt8>, actor: UnsafeBufferPointer<UInt8>,
        action: UnsafeBufferPointer<UInt8>, person: UnsafeBufferPointer<UInt8>?, fields: UnsafeBufferPointer<UInt8>,
        purpose: UnsafeBufferPointer<UInt8>?, decision: UnsafeBufferPointer<UInt8>, detail: UnsafeBufferPointer<UInt8>
    ) {
        raw("{\"v\":1,\"seq\":")
        digits(seq)
        raw(",\"time\":"); quoted(time)
        raw(",\"actor\":"); quoted(actor)
        raw(",\"action\":"); quoted(action)
        raw(",\"person\":"); quoted(person)
        raw(",\"fields\":[")
        if !fields.isEmpty {
            // Each id quoted: `a,b` becomes `"a","b"`.
            bytes.append(0x22)
            var run = 0
            for index in fields.indices where fields[index] == 0x2C {
                escaped(UnsafeBufferPointer(rebasing: fields[run..<index]))
                bytes.append(0x22); bytes.append(0x2C); bytes.append(0x22)
                run = index + 1
            }
            escaped(UnsafeBufferPointer(rebasing: fields[run...]))
            bytes.append(0x22)
        }
        raw("],\"purpose\":"); quoted(purpose)
        raw(",\"decision\":"); quoted(decision)
        raw(",\"detail\":"); quoted(detail)
        bytes.append(0x7D)
    }

    /// Appends the canonical encoding of one entry given as strings.
    mutating func append(
        seq: Int64, time: String, actor: String, action: String, personID: String?, storedFields: String,
        purpose: String?, decision: String, detail: String
    ) {
        var time = time, actor = actor, action = action, fields = storedFields, decision = decision, detail = detail
        var person = personID ?? "", purposeText = purpose ?? ""
        time.withUTF8 { time in
            actor.withUTF8 { actor in
                action.withUTF8 { action in
                    person.withUTF8 { person in
                        fields.withUTF8 { fields in
                            purposeText.withUTF8 { purposeText in
                                decision.withUTF8 { decision in
                                    detail.withUTF8 { detail in
                                        append(seq: seq, time: time, actor: actor, action: action,
                                               person: personID == nil ? nil : person, fields: fields,
                                               purpose: purpose == nil ? nil : purposeText, decision: decision,
                                               detail: detail)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Decimal digits (a string of up to 15 bytes lives inline: no allocation).
    private mutating func digits(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON string, or `null`.
    private mutating func quoted(_ text: UnsafeBufferPointer<UInt8>?) {
        guard let text else { return raw("null") }
        bytes.append(0x22)
        escaped(text)
        bytes.append(0x22)
    }

    /// The bytes of a JSON string's content: runs that need no escape are copied whole, and
    /// found eight bytes at a time.
    private mutating func escaped(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        var run = 0
        var index = 0
        while index < text.count {
            if index + 8 <= text.count,
               !Self.needsEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = base[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: index - run))
                bytes.append(0x5C)
                if byte < 0x20 {
                    let hex: StaticString = "0123456789abcdef"
                    hex.withUTF8Buffer { hex in
                        bytes.append(0x75); bytes.append(0x30); bytes.append(0x30)
                        bytes.append(hex[Int(byte >> 4)]); bytes.append(hex[Int(byte & 15)])
                    }
                } else {
                    bytes.append(byte)
                }
                run = index + 1
            }
            index += 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + run, count: text.count - run))
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\` (exact, by
    /// the "has a zero byte" and "has a byte less than n" tests of *Bit Twiddling Hacks*).
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let anyZero = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
        return (control | anyZero) & (ones &* 0x80) != 0
    }
}
