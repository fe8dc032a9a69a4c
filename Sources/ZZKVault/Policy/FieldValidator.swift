import Foundation

/// Validates and normalises field values against the catalogue.
///
/// Text is normalised to Unicode NFC (so "ż" typed as z + combining dot and as one code
/// point are the same value) and otherwise kept byte-exact. Problems never quote the value.
public struct FieldValidator: Sendable {
    public let catalog: FieldCatalog

    public init(catalog: FieldCatalog) {
        self.catalog = catalog
    }

    /// Validates every `(field id, value)` pair and the record as a whole; returns the
    /// normalised values or throws ``VaultError/invalidFields(_:)`` listing every problem.
    ///
    /// - Parameters:
    ///   - values: the new values, by field id.
    ///   - existing: values already stored for the person (for cross-field checks on update).
    ///   - location: where the values come from, for messages (a person id).
    ///   - sources: where each field's value came from (`FILE:LINE`), by field id; overrides `location`.
    public func validate(
        _ values: [(String, String)], existing: [String: String] = [:], location: String? = nil, sources: [String: String] = [:]
    ) throws(VaultError) -> [String: String] {
        var problems: [FieldProblem] = []
        var result: [String: String] = [:]
        result.reserveCapacity(values.count)
        let outerLocation = location
        for (id, raw) in values {
            // Built only when a problem is reported: most values have none.
            var location: String? { [sources[id], outerLocation].compactMap { $0 }.joined(separator: ": ").nilIfEmpty }
            guard let field = catalog.field(id) else {
                problems += unknownFields([id], location: location)
                continue
            }
            guard field.category != FieldCatalog.teamNotesCategory else {
                problems.append(FieldProblem(field: id, reason: "team notes are written as notes of a team, not as fields of a person", location: location))
                continue
            }
            guard result[id] == nil else {
                problems.append(FieldProblem(field: id, reason: "given more than once", location: location))
                continue
            }
            switch normalise(raw, for: field) {
            case let .success(value): result[id] = value
            case let .failure(reason): problems.append(FieldProblem(field: id, reason: reason.description, location: location))
            }
        }
        if problems.isEmpty, let pesel = result["identity.pesel"] ?? existing["identity.pesel"],
           let birth = result["identity.birth_date"] ?? existing["identity.birth_date"],
           case let .success(embedded) = PESEL.validate(pesel), embedded != birth {
            problems.append(FieldProblem(field: "identity.birth_date", reason: "does not match the birth date embedded in identity.pesel",
                                         location: [sources["identity.birth_date"], location].compactMap { $0 }.joined(separator: ": ").nilIfEmpty))
        }
        if problems.isEmpty, let pesel = result["identity.pesel"] ?? existing["identity.pesel"],
           let sex = result["identity.gender"] ?? existing["identity.gender"],
           let encoded = PESEL.sex(pesel), encoded != sex {
            problems.append(FieldProblem(
                field: "identity.gender",
                reason: "does not match the sex encoded in identity.pesel (its 10th digit: even for a woman, odd for"
                    + " a man)",
                location: [sources["identity.gender"], location].compactMap { $0 }.joined(separator: ": ").nilIfEmpty))
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return result
    }

    /// One problem for each id in `ids` that is not a catalogue field, with the nearest valid
    /// id as a hint; empty when all are known.
    public func unknownFields(_ ids: [String], location: String? = nil) -> [FieldProblem] {
        ids.filter { catalog.field($0) == nil }.map { id in
            let hint = catalog.suggestion(for: id).map { "; did you mean '\($0)'?" }
                ?? "; see the vault's policy (fields.yaml) for field ids"
            return FieldProblem(field: Self.displayableID(id), reason: "unknown field\(hint)", location: location)
        }
    }

    /// What an error may repeat of a would-be id: the id itself if it has the shape of one
    /// (snake_case words joined by dots, at most 64 characters), else a placeholder — text in
    /// the wrong place may be personal data.
    public static func displayableID(_ text: String) -> String {
        let ok = (1...64).contains(text.count) && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" || $0 == "." }
        return ok ? text : "(text that is not a field id)"
    }

    /// The PESEL register's sex codes (K kobieta, M mężczyzna), which exports from other
    /// systems carry, for `identity.gender`.
    static let registerSexCodes = ["K": "female", "M": "male"]

    /// The code a value names when it is not a code itself: one of the code's labels in Polish
    /// or English, in any case (`Kobieta`, `female`), or for `identity.gender` the PESEL
    /// register's `K`/`M`. Nil when it names none, or more than one.
    static func code(naming value: String, in field: FieldDefinition) -> String? {
        if field.id == "identity.gender", let code = registerSexCodes[value.uppercased()], field.values.contains(code) {
            return code
        }
        let folded = value.lowercased()
        let named = field.values.filter { code in
            field.valueLabels[code].map { $0.pl.lowercased() == folded || $0.en.lowercased() == folded } ?? false
        }
        return named.count == 1 ? named[0] : nil
    }

    /// A date in the Polish notation `DD.MM.YYYY` (as registers and letters write it) in the
    /// vault's `YYYY-MM-DD`; nil for anything else.
    static func isoDate(fromPolish value: String) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2, parts[2].count == 4,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let iso = "\(parts[2])-\(parts[1])-\(parts[0])"
        return CalendarDate.parse(iso) == nil ? nil : iso
    }

    /// Normalises one value or says why it is invalid.
    public func normalise(_ raw: String, for field: FieldDefinition) -> Result<String, ReasonText> {
        // Bound the input before normalising: NFC of long runs of combining marks is slow.
        let limit = field.type == .text ? (field.maxLength ?? 1000) : 254
        if raw.utf8.count > 4 * limit { return .failure("too long: more than \(limit) characters") }
        let value = raw.nfc
        if value.isEmpty { return .failure("empty value; leave the field out, or clear the field to remove a stored value") }
        if value.unicodeScalars.count > 2 * limit { return .failure("too many combining marks for \(limit) characters") }
        if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
            return .failure("starts or ends with a space or line break; remove it")
        }
        let multiline = field.type == .text && (field.maxLength ?? 0) > 200
        if let bad = value.unicodeScalars.first(where: { Self.isForbidden($0, multiline: multiline) }) {
            return .failure("contains the control or direction character U+\(String(bad.value, radix: 16, uppercase: true)); remove it")
        }
        switch field.type {
        case .text:
            if value.count > limit { return .failure("too long: \(value.count) characters, at most \(limit)") }
        case .date:
            if CalendarDate.parse(value) == nil {
                if let iso = Self.isoDate(fromPolish: value) { return .success(iso) }
                return .failure("not a date: write YYYY-MM-DD or DD.MM.YYYY, e.g. 2015-03-28 or 28.03.2015")
            }
        case .pesel:
            switch PESEL.validate(value) {
            case .success: break
            case .failure(.notElevenDigits): return .failure("a PESEL has exactly 11 digits")
            case .failure(.badChecksum): return .failure("PESEL checksum does not match (check for a mistyped digit)")
            case .failure(.badBirthDate): return .failure("PESEL does not encode a valid birth date")
            }
        case .postalCode:
            let ok = value.count == 6 && value.enumerated().allSatisfy { i, c in i == 2 ? c == "-" : (c.isASCII && c.isNumber) }
            if !ok { return .failure("a Polish postal code looks like NN-NNN, e.g. 00-950") }
        case .phone:
            let digits = value.filter { $0.isASCII && $0.isNumber }.count
            let ok = value.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()".contains($0) } && (9...15).contains(digits)
            if !ok { return .failure("a phone number has 9–15 digits, optionally with +, spaces, '-' or parentheses") }
        case .email:
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            let ok = parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
                && !parts[1].hasSuffix(".") && value.count <= 254 && !value.contains(" ")
            if !ok { return .failure("not an e-mail address (name@domain.pl)") }
        case .enum:
            if !field.values.contains(value) {
                if let code = Self.code(naming: value, in: field) { return .success(code) }
                let hint = NearestName.suggestion(for: value, among: field.values).map { "; did you mean '\($0)'?" } ?? ""
                return .failure("not one of the allowed codes (\(field.values.joined(separator: ", ")))\(hint)")
            }
        case .integer:
            guard let number = Int(value) else { return .failure("not a whole number") }
            if let min = field.min, number < min { return .failure("below the minimum \(min)") }
            if let max = field.max, number > max { return .failure("above the maximum \(max)") }
        case .boolean:
            if value != "true" && value != "false" { return .failure("write true or false") }
        }
        return .success(value)
    }

    /// Control characters (other than newline and tab in long text) and bidirectional
    /// overrides, which can make a record display differently from what is stored.
    static func isForbidden(_ scalar: Unicode.Scalar, multiline: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: return !multiline
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true
        case 0xFEFF: return true
        default: return false
        }
    }
}

/// A human-readable reason, used as the failure of a validation `Result`.
public struct ReasonText: Error, Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByStringInterpolation, CustomStringConvertible {
    public let description: String
    public init(stringLiteral value: String) { description = value }
    public init(stringInterpolation: DefaultStringInterpolation) { description = String(stringInterpolation: stringInterpolation) }
}

extension String {
    /// nil for the empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
