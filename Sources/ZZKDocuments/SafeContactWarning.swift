/// The note to staff on a letter to a person with a safe-contact flag (`violence.safe_contact`):
/// shown on screen, never printed, so a letter is not posted to a home shared with the person
/// suspected of violence.
enum SafeContactWarning {
    /// The warning as an HTML paragraph (class `review`, hidden in print), or nothing without a flag.
    static func html(_ flag: String?, _ lang: DocumentLanguage) -> String {
        guard let flag else { return "" }
        func t(_ pl: String, _ en: String) -> String { lang == .pl ? pl : en }
        return "<p class=\"review\">" + DocumentText.html(flag == "in_person_only"
            ? t("Dla pracownika, nie drukuje się: kontakt tylko osobiście — wręczyć w ośrodku, nie wysyłać.",
                "For staff, not printed: contact in person only — hand over at the centre, do not send.")
            : t("Dla pracownika, nie drukuje się: nie wysyłać pocztą na adres domowy — wręczyć osobiście.",
                "For staff, not printed: no post to the home address — hand over in person.")) + "</p>\n"
    }
}
