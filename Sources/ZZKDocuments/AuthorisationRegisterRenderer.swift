import ZZKVault

/// The register of authorisations (art. 29, 32(4) RODO) as printable HTML, Polish by default:
/// every account, its role, the scope by labels, the term, the signed document and the
/// confidentiality declaration, and the accounts that have none.
public enum AuthorisationRegisterRenderer {
    public static func html(_ register: [AuthorisationEntry], catalog: FieldCatalog, purposes: PurposeCatalog,
                            today: String, lang: DocumentLanguage) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let title = t("Rejestr upoważnień do przetwarzania danych osobowych",
                      "Register of authorisations to process personal data")
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\">"
            + "<title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle) table{border-collapse:collapse}"
            + " td,th{border:1px solid #888;padding:.2em .4em;"
        out += "vertical-align:top}</style></head><body>\n<h1>\(esc(title))</h1>\n"
        out += "<p>\(esc(t("Stan na dzień", "As of"))) \(esc(today)). "
        out += esc(t("Art. 29 i art. 32 ust. 4 RODO; oświadczenia o zachowaniu poufności.",
                     "Art. 29 and 32(4) GDPR; confidentiality declarations.")) + "</p>\n<table>\n<thead><tr>"
        for header in [t("Login", "Login"), t("Rola", "Role"), t("Stan", "State"),
                       t("Kategorie danych", "Data categories"), t("Cele", "Purposes"), t("Okres", "Term"),
                       t("Dokument", "Document"),
                       t("Oświadczenie o poufności", "Confidentiality declaration")] {
            out += "<th scope=\"col\">\(esc(header))</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for entry in register {
            let a = entry.authorisation
            let categories = a?.categories.map { id in
                id == "*"
                    ? t("wszystkie", "all")
                    : catalog.category(id).map { lang == .pl ? $0.label.pl : $0.label.en } ?? id
            }.joined(separator: ", ")
            let named = a?.purposes.map { id in
                id == "*"
                    ? t("wszystkie", "all")
                    : purposes.purpose(id).map { lang == .pl ? $0.label.pl : $0.label.en } ?? id
            }.joined(separator: ", ")
            let document = a?.document.map { d in
                "\(d.number), \(d.date)" + (d.signatory.map { ", " + t("podpisał(a): ", "signed by: ") + $0 } ?? "")
            } ?? t("nie odnotowano", "not recorded")
            let declaration = a?.declaration.map { d in
                d.bases.map { $0.label(polish: lang == .pl) }.joined(separator: "; ") + ", \(d.signedOn)"
            } ?? t("nie odnotowano", "not recorded")
            let cells = [entry.login, role(entry.role, lang), state(entry, lang), categories ?? "—", named ?? "—",
                         a.map { "\($0.validFrom) – \($0.validUntil)" } ?? "—", a == nil ? "—" : document,
                         a == nil ? "—" : declaration]
            out += "<tr>" + cells.map { "<td>\(esc($0))</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody>\n</table>\n</body></html>\n"
        return out
    }

    static func role(_ role: Role, _ lang: DocumentLanguage) -> String {
        switch role {
        case .admin: lang == .pl ? "administrator" : "administrator"
        case .socialWorker: lang == .pl ? "pracownik socjalny" : "social worker"
        case .networkWorker: lang == .pl ? "pracownik ds. sieci" : "network worker"
        case .specialist: lang == .pl ? "specjalista" : "specialist"
        case .dpo: lang == .pl ? "inspektor ochrony danych" : "data protection officer"
        }
    }

    static func state(_ entry: AuthorisationEntry, _ lang: DocumentLanguage) -> String {
        if entry.disabled { return lang == .pl ? "konto wyłączone" : "account disabled" }
        switch entry.state {
        case .inForce: return lang == .pl ? "w mocy" : "in force"
        case .notYet: return lang == .pl ? "jeszcze nie w mocy" : "not yet in force"
        case .expired: return lang == .pl ? "wygasło" : "expired"
        case .missing: return lang == .pl ? "brak upoważnienia" : "no authorisation"
        }
    }
}
