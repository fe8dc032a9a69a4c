import ZZKVault

/// The records of processing activities (art. 30 RODO) as Markdown or printable HTML;
/// Polish by default.
public enum ProcessingRecordRenderer {
    public static func markdown(_ record: ProcessingRecord, lang: DocumentLanguage) -> String {
        let pl = lang == .pl
        var out = "# \(pl ? "Rejestr czynności przetwarzania (art. 30 RODO)" : "Records of processing activities (art. 30 GDPR)")\n\n"
        out += "\(pl ? "Administrator" : "Controller"): \(record.controller); \(pl ? "IOD" : "DPO"): \(record.dpoContact.isEmpty ? "-" : record.dpoContact); \(pl ? "polityka" : "policy") \(record.policyHash.prefix(16))…\n\n"
        for a in record.activities {
            out += "## \(a.label) (`\(a.purpose)`)\n\n"
            out += "- \(pl ? "Podstawy prawne" : "Legal bases"): \(a.legalBases.joined(separator: ", "))\n"
            out += "- \(pl ? "Kategorie osób" : "Data subjects"): \(pl ? "osoby i rodziny korzystające z pomocy, w tym dzieci" : "persons and families receiving support, including children")\n"
            out += "- \(pl ? "Kategorie danych" : "Categories of data"): \(a.categories.isEmpty ? "-" : a.categories.joined(separator: ", "))\n"
            out += "- \(pl ? "Odbiorcy" : "Recipients"): \(a.recipients.isEmpty ? "-" : a.recipients.joined(separator: ", "))\n"
            out += "- \(pl ? "Przekazanie do państw trzecich" : "Third-country transfers"): \(pl ? "brak" : "none")\n"
            out += "- \(pl ? "Okres przechowywania" : "Retention"): \(pl ? "według jednolitego rzeczowego wykazu akt; dane na podstawie zgody — do jej wycofania" : "per the archiving rules; consent-based data until consent is withdrawn")\n"
            out += "- \(pl ? "Środki bezpieczeństwa" : "Security measures"): \(pl ? "szyfrowanie pól (XChaCha20-Poly1305) kluczami per osoba i kategoria, dostęp przez klucze przydzielone w ZZK, rejestr dostępu z podpisanymi punktami kontrolnymi" : "field encryption (XChaCha20-Poly1305) with per-person, per-category keys, access through keys granted in a ZZK, an access log with signed checkpoints")\n\n"
        }
        out += "## \(pl ? "Kooperanci (odbiorcy z rejestru PZK)" : "Cooperants (recipients in the PZK registry)")\n\n" + record.cooperants.map { "- \($0)\n" }.joined()
        return out
    }

    public static func html(_ record: ProcessingRecord, lang: DocumentLanguage) -> String {
        let pl = lang == .pl
        func esc(_ s: String) -> String { DocumentText.html(s) }
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>ROPA</title><style>body{font-family:sans-serif;max-width:55em;margin:2em auto}td,th{border:1px solid #999;padding:.2em .4em;vertical-align:top}table{border-collapse:collapse}</style></head><body>\n"
        out += "<h1>\(pl ? "Rejestr czynności przetwarzania (art. 30 RODO)" : "Records of processing activities (art. 30 GDPR)")</h1><p>\(esc(record.controller)) — \(esc(record.dpoContact))</p>\n<table><tr><th>\(pl ? "Cel" : "Purpose")</th><th>\(pl ? "Podstawy" : "Bases")</th><th>\(pl ? "Kategorie danych" : "Data")</th><th>\(pl ? "Odbiorcy" : "Recipients")</th></tr>"
        for a in record.activities {
            out += "<tr><td>\(esc(a.label))</td><td>\(esc(a.legalBases.joined(separator: ", ")))</td><td>\(esc(a.categories.joined(separator: ", ")))</td><td>\(esc(a.recipients.joined(separator: ", ")))</td></tr>"
        }
        return out + "</table></body></html>\n"
    }
}
