import ZZKVault

/// The letter telling a person of a high-risk breach of their data (art. 34 RODO) as printable
/// HTML, Polish by default: what happened, the likely consequences and the measures taken (in the
/// register's words), and whom to ask. A safe-contact flag is shown to staff, never printed.
public enum BreachLetterRenderer {
    public static func html(_ letter: BreachLetter, lang: DocumentLanguage) -> String {
        func esc(_ s: String) -> String { DocumentText.html(s) }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        let b = letter.breach
        let name = letter.controller.map { $0.name.isEmpty ? $0.id : $0.name } ?? t("Ośrodek Pomocy Społecznej", "Social Welfare Centre")
        let title = t("Zawiadomienie o naruszeniu ochrony danych osobowych (art. 34 RODO)",
                      "Notice of a personal data breach (Art. 34 GDPR)")
        let missing = t("(do uzupełnienia przez ośrodek)", "(to be completed by the centre)")
        var out = "<!DOCTYPE html>\n<html lang=\"\(lang.rawValue)\"><head><meta charset=\"utf-8\"><title>\(esc(title))</title>"
        out += "<style>\(NoticeRenderer.letterStyle).review{border:2px dashed #a00;padding:.3em}@media print{.review{display:none}}</style></head><body>\n"
        out += SafeContactWarning.html(letter.safeContact, lang)
        out += "<p>\(esc(name))</p>\n<h1>\(esc(title))</h1>\n"
        out += "<p>\(esc(t("Informujemy, że doszło do naruszenia ochrony Pani/Pana danych osobowych, które może powodować wysokie ryzyko dla Pani/Pana praw lub wolności. Piszemy, aby wyjaśnić, co się stało i co robimy.", "We are writing to tell you of a breach of your personal data that may result in a high risk to your rights and freedoms, what happened, and what we are doing.")))</p>\n"
        let sections: [(String, String)] = [
            (t("Co się stało, jakie mogą być skutki i co zrobiliśmy", "What happened, its likely consequences and what we did"),
             letter.text),
            (t("Kontakt z inspektorem ochrony danych", "Contact of our data protection officer"),
             letter.controller?.dpoContact.isEmpty == false ? letter.controller!.dpoContact : missing),
        ]
        out += "<dl>\n"
        for (term, value) in sections { out += "<dt>\(esc(term))</dt><dd>\(esc(value))</dd>\n" }
        out += "</dl>\n"
        out += "<p>\(esc(t("Przysługuje Pani/Panu prawo wniesienia skargi do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa, art. 77 RODO).", "You may complain to the President of the Personal Data Protection Office (ul. Stawki 2, 00-193 Warsaw, Poland, Art. 77 GDPR).")))</p>\n"
        out += "<p>\(esc(t("Numer sprawy w rejestrze naruszeń: ", "Breach register number: ") + b.id))</p>\n</body></html>\n"
        return out
    }
}
