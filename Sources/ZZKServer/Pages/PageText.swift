import ZZKDocuments
import ZZKVault

/// The words of the pages, in Polish (the default) and English. Names of purposes, categories
/// and fields come from the vault's policy files, never from here.
enum PageText {
    static func strings(_ language: DocumentLanguage) -> [String: String] {
        language == .en ? english : polish
    }

    static func role(_ role: Role, _ language: DocumentLanguage) -> String {
        switch (role, language) {
        case (.admin, .pl): "administrator"
        case (.admin, .en): "administrator"
        case (.socialWorker, .pl): "pracownik socjalny"
        case (.socialWorker, .en): "social worker"
        case (.networkWorker, .pl): "pracownik ds. sieci"
        case (.networkWorker, .en): "network worker"
        case (.specialist, .pl): "specjalista"
        case (.specialist, .en): "specialist"
        case (.dpo, .pl): "inspektor ochrony danych (IOD)"
        case (.dpo, .en): "data protection officer (IOD)"
        }
    }

    static func decision(_ decision: AuditDecision, _ language: DocumentLanguage) -> String {
        switch (decision, language) {
        case (.allowed, .pl): "dozwolono"
        case (.allowed, .en): "allowed"
        case (.denied, .pl): "odmówiono"
        case (.denied, .en): "denied"
        case (.failed, .pl): "błąd"
        case (.failed, .en): "failed"
        }
    }

    /// "1 wpis, 2 wpisy, 5 wpisów": the Polish plural of a count.
    static func count(_ n: Int, _ language: DocumentLanguage, one: String, few: String, many: String, english: (String, String))
        -> String
    {
        guard language == .pl else { return "\(n) \(n == 1 ? english.0 : english.1)" }
        if n == 1 { return "\(n) \(one)" }
        let (units, tens) = (n % 10, n % 100)
        return "\(n) \((2...4).contains(units) && !(12...14).contains(tens) ? few : many)"
    }

    private static let polish: [String: String] = [
        "skip": "Przejdź do treści", "navigation": "Nawigacja", "otherLanguage": "English", "logout": "Wyloguj",
        "loginTitle": "Logowanie", "login": "Login", "passphrase": "Hasło", "totp": "Kod z aplikacji (jeśli ustawiony)",
        "totpHelp": "Sześć cyfr z aplikacji uwierzytelniającej; zostaw puste, jeśli nie masz drugiego składnika.",
        "logIn": "Zaloguj", "loginFailed": "Login, hasło lub kod są nieprawidłowe. Próba została zapisana w dzienniku.",
        "endedTitle": "Sesja zakończona", "logInAgain": "Zaloguj się ponownie",
        "endedText": "Twoja sesja wygasła lub została zakończona, a jej klucze zostały usunięte z pamięci serwera.",
        "homeTitle": "Strona główna", "homeIntro": "Wybierz, czym chcesz się zająć.",
        "teamsTitle": "Moje zespoły", "teamsText": "Zespoły (ZZK), w których pracujesz, i ich członkowie.",
        "auditTitle": "Dziennik audytu", "auditText": "Weryfikacja dziennika i wszystkie wpisy, z filtrami.",
        "noTeams": "Nie należysz do żadnego otwartego zespołu.", "team": "Zespół", "purpose": "Cel",
        "person": "Osoba", "persons": "Osoby", "opened": "Otwarty", "members": "Członkowie", "until": "do",
        "personTitle": "Dane osoby", "purposeOfReading": "Cel, w jakim przeglądasz dane", "show": "Pokaż dane",
        "readAudited": "Ten wgląd został zapisany w dzienniku audytu (kto, kiedy, w jakim celu, które pola).",
        "nothingGranted": "Nie masz dostępu do żadnego pola tej osoby w tym celu.",
        "notShown": "Dane niedostępne", "askField": "Inne pole", "field": "Pole", "askButton": "Pokaż to pole", "askWhom": "Jeśli potrzebujesz tych danych, poproś pracownika socjalnego prowadzącego zespół.",
        "verification": "Weryfikacja dziennika", "filters": "Filtry", "personID": "Id osoby", "actor": "Kto",
        "action": "Czynność", "decision": "Decyzja", "from": "Od", "to": "Do", "apply": "Filtruj", "time": "Czas (Warszawa)",
        "fieldsCol": "Pola", "paging": "Strony", "newer": "Nowsze", "older": "Starsze", "any": "dowolna",
        "verifyOK": "Dziennik jest spójny: łańcuch wpisów i podpisy punktów kontrolnych się zgadzają.",
        "verifyBad": "UWAGA: dziennik nie przeszedł weryfikacji. Nie zmieniaj niczego i zgłoś to.",
        "forbiddenTitle": "Odmowa", "csrfRefused": "Formularz nie zawierał prawidłowego tokenu. Nic nie zostało zmienione.",
        "errorTitle": "Błąd", "notFoundTitle": "Nie znaleziono", "notFound": "Nie ma takiej strony.",
        "personsTitle": "Osoby", "personsText": "Wyszukiwanie osób po nazwisku lub numerze PESEL, nowe osoby.",
        "addPerson": "Dodaj osobę", "search": "Wyszukaj", "searchBy": "Szukaj po", "surname": "nazwisku",
        "searchValue": "Nazwisko lub PESEL", "searchButton": "Szukaj", "results": "Wyniki", "nobodyFound": "Nikogo nie znaleziono.",
        "newPersonTitle": "Nowa osoba", "purposeOfRecording": "Cel, w jakim zbierasz dane", "save": "Zapisz",
        "consentTitle": "Zgoda na przekazanie danych", "toWhom": "Komu (członkowie PZK)", "whichData": "Jakie dane",
        "explicit": "Zgoda wyraźna na dane szczególnej kategorii (art. 9 RODO), jeśli formularz tak stanowi",
        "forWhat": "W jakim celu", "whoConsents": "Kto wyraża zgodę", "byPerson": "Osoba, której dane dotyczą",
        "byRepresentative": "Przedstawiciel ustawowy (np. rodzic dziecka)", "representative": "Przedstawiciel (imię, nazwisko, rola)",
        "childView": "Zdanie dziecka", "representativeGroup": "Przedstawiciel i dziecko", "theForm": "Formularz", "textVersion": "Wersja formularza", "consentText": "Treść podpisanej zgody",
        "validFrom": "Ważna od", "validUntil": "Ważna do (puste: do odwołania)",
        "noticesDelivered": "Na spotkaniu przekazano osobie klauzule informacyjne (art. 14) wskazanych członków",
        "recordConsent": "Zapisz zgodę", "actions": "Działania", "teamPurpose": "Cel zespołu", "openTeam": "Otwórz zespół (ZZK)",
        "teamTitle": "Zespół zadaniowy", "membersCaption": "Członkowie zespołu i dane, które widzą", "role": "Rola", "sees": "Widzi",
        "addMember": "Dodaj członka", "memberLogin": "Login członka", "lastDay": "Ostatni dzień członkostwa", "add": "Dodaj",
        "deskTitle": "Obowiązki informacyjne i wnioski", "deskText": "Klauzule do przekazania, wnioski osób z terminami, dokumenty.",
        "noticesHeading": "Klauzule informacyjne (art. 13 i 14 RODO)", "noticesCaption": "Klauzule nieprzekazane, według terminu",
        "notice": "Klauzula", "controller": "Administrator", "due": "Termin", "state": "Stan", "print": "Drukuj",
        "deliveryMethod": "Sposób przekazania", "markDelivered": "Oznacz jako przekazaną",
        "requestsHeading": "Wnioski osób (art. 15–21 RODO)", "requestsCaption": "Wnioski, najstarsze najpierw", "request": "Wniosek",
        "kind": "Rodzaj", "received": "Wpłynął", "accessAnswer": "odpowiedź (art. 15) do druku", "extended": "przedłużony",
        "breakGlassHeading": "Dostęp awaryjny do przeglądu", "documentsHeading": "Dokumenty",
        "ropa": "Rejestr czynności przetwarzania", "monthlyReport": "Miesięczny raport dostępu", "matrix": "Kto widzi jakie dane",
        "overdue": "po terminie", "open": "otwarty", "closed": "zamknięty", "pending": "do przekazania",
        "kind.art13": "art. 13", "kind.art14": "art. 14",
        "dsr.access": "dostęp do danych", "dsr.rectification": "sprostowanie", "dsr.erasure": "usunięcie",
        "dsr.restriction": "ograniczenie przetwarzania", "dsr.objection": "sprzeciw",
        "method.in-person": "osobiście", "method.post": "pocztą", "method.email": "e-mailem", "method.at-consent-meeting": "na spotkaniu",
        "done.delivered": "Klauzula została oznaczona jako przekazana.",
        "enrolTitle": "Pierwsze logowanie", "enrolLink": "Masz jednorazowy kod? Ustaw swoje hasło",
        "enrolIntro": "Wpisz login i jednorazowy kod od administratora, a potem wybierz własne hasło. Administrator go nie pozna.",
        "code": "Jednorazowy kod", "newPassphrase": "Nowe hasło", "repeatPassphrase": "Powtórz hasło",
        "passphraseHelp": "Co najmniej 12 znaków; najlepiej kilka słów, których nikt z Tobą nie skojarzy.",
        "enrolButton": "Ustaw hasło", "enrolFailed": "Login lub kod są nieprawidłowe albo kod został już użyty. Próba została zapisana.",
        "passphraseTitle": "Zmiana hasła", "changeButton": "Zmień hasło", "mismatch": "Wpisane hasła się różnią.",
        "done.enrolled": "Hasło zostało ustawione. Zaloguj się nim.", "done.passphrase": "Hasło zostało zmienione.",
        "secondFactorTitle": "Wymagany drugi składnik",
        "secondFactorRequired": "Ten sejf wymaga od pracowników OPS drugiego składnika logowania (kodu z aplikacji), a Twoje konto go jeszcze nie ma. Ustaw go na stronie „Drugi składnik” (/second-factor); do tego czasu strony nie pokażą żadnych danych.",
        "secondFactorPage": "Drugi składnik logowania",
        "secondFactorIntro": "Kod z aplikacji uwierzytelniającej (TOTP, np. FreeOTP, Aegis) chroni konto, gdy ktoś pozna Twoje hasło.",
        "newSecret": "Utwórz nowy sekret", "secretHeading": "Sekret do aplikacji",
        "secretText": "Wpisz ten sekret w aplikacji (jest pokazany tylko teraz), a potem podaj kod, który pokaże.",
        "secretURL": "Albo adres dla aplikacji:", "newCode": "Kod z aplikacji", "currentCode": "Kod z obecnej aplikacji",
        "confirmCode": "Potwierdź", "done.secondFactor": "Drugi składnik został ustawiony.",
        "otherSite": "Ta strona została wywołana z innej witryny, a nie z sejfu. Nic nie zostało odczytane ani zmienione; otwórz ją bezpośrednio.",
        "currentPassphrase": "Obecne hasło", "wrongCurrent": "Obecne hasło jest nieprawidłowe. Próba została zapisana.",
        "consentsHeading": "Zgody", "noConsents": "Brak zapisanych zgód.", "withdrawVia": "Odwołanie wpłynęło",
        "withdrawOn": "dnia", "withdraw": "Zapisz odwołanie zgody", "valid": "obowiązuje", "notInForce": "nie obowiązuje",
        "withdrawn": "odwołana", "done.withdrawn": "Odwołanie zgody zostało zapisane; klucze, które na niej polegały, usunięto.",
        "via.in_person": "osobiście", "via.letter": "pismem", "via.email": "e-mailem", "via.phone": "telefonicznie",
        "via.electronic": "elektronicznie (ePUAP)",
        "usersTitle": "Użytkownicy", "usersText": "Konta pracowników i specjalistów, kody do pierwszego logowania, upoważnienia.",
        "usersCaption": "Użytkownicy sejfu", "nameCol": "Imię i nazwisko", "cooperant": "Członek PZK", "addUser": "Nowy użytkownik",
        "cooperantIfSpecialist": "Członek PZK (tylko dla specjalisty)", "addUserButton": "Dodaj i wydaj kod",
        "codeHeading": "Jednorazowy kod", "codeFor": "Kod pierwszego logowania dla",
        "codeOnce": "Przekaż go osobiście; jest pokazany tylko teraz, a sejf przechowuje jedynie jego skrót. Ważny do",
        "authoriseHeading": "Upoważnienie specjalisty", "specialist": "Specjalista",
        "authoriseHelp": "Upoważnienie do przetwarzania danych (art. 29 RODO) podpisane przez kierownika; bez niego specjalista nie dostanie kluczy.",
        "validUntilDay": "Ważne do", "authoriseButton": "Zapisz upoważnienie", "done.authorised": "Upoważnienie zostało zapisane.",
        "notesHeading": "Notatki zespołu", "notesAbout": "Notatki o", "noNotes": "Brak notatek.", "notePerson": "O kim", "noteText": "Notatka",
        "addNote": "Dodaj notatkę", "done.note": "Notatka została zapisana.",
        "requestReason": "Dlaczego potrzebujesz tych danych", "requestButton": "Poproś pracownika socjalnego o dostęp",
        "done.requested": "Prośba o dostęp została wysłana do pracownika socjalnego.",
        "accessHeading": "Prośby specjalistów o dostęp", "noAccessRequests": "Brak oczekujących próśb.", "reason": "Uzasadnienie",
        "approve": "Zgoda", "deny": "Odmowa", "denyGround": "Podstawa odmowy",
        "ground.no_legal_basis": "brak podstawy prawnej", "ground.no_consent": "brak zgody osoby",
        "ground.not_necessary": "dane nie są niezbędne", "ground.outside_purpose": "poza celem zespołu",
        "done.approved": "Dostęp został przyznany.", "done.denied": "Odmowa została zapisana.",
        "nothing": "nic", "done.person": "Osoba została zapisana.", "done.consent": "Zgoda została zapisana.",
        "done.team": "Zespół został otwarty.", "done.member": "Członek został dodany.",
    ]

    private static let english: [String: String] = [
        "skip": "Skip to content", "navigation": "Navigation", "otherLanguage": "Polski", "logout": "Log out",
        "loginTitle": "Log in", "login": "Login", "passphrase": "Passphrase", "totp": "App code (if set up)",
        "totpHelp": "Six digits from your authenticator app; leave empty if you have no second factor.",
        "logIn": "Log in", "loginFailed": "The login, passphrase or code is wrong. The attempt was recorded in the log.",
        "endedTitle": "Session ended", "logInAgain": "Log in again",
        "endedText": "Your session expired or was ended, and its keys were erased from the server's memory.",
        "homeTitle": "Home", "homeIntro": "Choose what to work on.",
        "teamsTitle": "My teams", "teamsText": "The task teams (ZZK) you work in, and their members.",
        "auditTitle": "Audit log", "auditText": "Log verification and every entry, with filters.",
        "noTeams": "You are not a member of any open team.", "team": "Team", "purpose": "Purpose",
        "person": "Person", "persons": "Persons", "opened": "Opened", "members": "Members", "until": "until",
        "personTitle": "Person's data", "purposeOfReading": "Why you are reading the data", "show": "Show data",
        "readAudited": "This read was recorded in the audit log (who, when, for what purpose, which fields).",
        "nothingGranted": "You may see no field of this person for this purpose.",
        "notShown": "Data not available", "askField": "Another field", "field": "Field", "askButton": "Show this field", "askWhom": "If you need this data, ask the social worker who leads the team.",
        "verification": "Log verification", "filters": "Filters", "personID": "Person id", "actor": "Who",
        "action": "Action", "decision": "Decision", "from": "From", "to": "To", "apply": "Filter", "time": "Time (Warsaw)",
        "fieldsCol": "Fields", "paging": "Pages", "newer": "Newer", "older": "Older", "any": "any",
        "verifyOK": "The log is consistent: the chain of entries and the checkpoints' signatures match.",
        "verifyBad": "WARNING: the log failed verification. Change nothing and report it.",
        "forbiddenTitle": "Refused", "csrfRefused": "The form did not carry a valid token. Nothing was changed.",
        "errorTitle": "Error", "notFoundTitle": "Not found", "notFound": "There is no such page.",
        "personsTitle": "Persons", "personsText": "Find persons by surname or PESEL, add new ones.",
        "addPerson": "Add a person", "search": "Search", "searchBy": "Search by", "surname": "surname",
        "searchValue": "Surname or PESEL", "searchButton": "Search", "results": "Results", "nobodyFound": "Nobody found.",
        "newPersonTitle": "New person", "purposeOfRecording": "Why you collect the data", "save": "Save",
        "consentTitle": "Consent to share data", "toWhom": "To whom (PZK members)", "whichData": "Which data",
        "explicit": "Explicit consent for special-category data (art. 9 GDPR), if the form says so",
        "forWhat": "For what purpose", "whoConsents": "Who consents", "byPerson": "The person the data is about",
        "byRepresentative": "A legal representative (e.g. a child's parent)", "representative": "Representative (name, role)",
        "childView": "The child's view", "representativeGroup": "Representative and child", "theForm": "The form", "textVersion": "Form version", "consentText": "Text of the signed consent",
        "validFrom": "Valid from", "validUntil": "Valid until (empty: until withdrawn)",
        "noticesDelivered": "The meeting handed the person the art. 14 notices of the members named",
        "recordConsent": "Record consent", "actions": "Actions", "teamPurpose": "Team's purpose", "openTeam": "Open a task team (ZZK)",
        "teamTitle": "Task team", "membersCaption": "Team members and the data they see", "role": "Role", "sees": "Sees",
        "addMember": "Add a member", "memberLogin": "Member's login", "lastDay": "Last day of membership", "add": "Add",
        "deskTitle": "Notices and requests", "deskText": "Notices to hand over, data-subject requests with deadlines, documents.",
        "noticesHeading": "Notices (art. 13 and 14 GDPR)", "noticesCaption": "Notices not yet given, by due day",
        "notice": "Notice", "controller": "Controller", "due": "Due", "state": "State", "print": "Print",
        "deliveryMethod": "How it was handed over", "markDelivered": "Mark as delivered",
        "requestsHeading": "Data-subject requests (art. 15–21 GDPR)", "requestsCaption": "Requests, oldest first", "request": "Request",
        "kind": "Kind", "received": "Received", "accessAnswer": "printable answer (art. 15)", "extended": "extended",
        "breakGlassHeading": "Emergency access to review", "documentsHeading": "Documents",
        "ropa": "Records of processing", "monthlyReport": "Monthly access report", "matrix": "Who sees which data",
        "overdue": "overdue", "open": "open", "closed": "closed", "pending": "to hand over",
        "kind.art13": "art. 13", "kind.art14": "art. 14",
        "dsr.access": "access", "dsr.rectification": "rectification", "dsr.erasure": "erasure",
        "dsr.restriction": "restriction", "dsr.objection": "objection",
        "method.in-person": "in person", "method.post": "by post", "method.email": "by e-mail", "method.at-consent-meeting": "at the meeting",
        "done.delivered": "The notice was marked as delivered.",
        "enrolTitle": "First login", "enrolLink": "Have a one-time code? Set your passphrase",
        "enrolIntro": "Enter your login and the one-time code from the administrator, then choose your own passphrase. The administrator never learns it.",
        "code": "One-time code", "newPassphrase": "New passphrase", "repeatPassphrase": "Repeat the passphrase",
        "passphraseHelp": "At least 12 characters; best a few words nobody would link to you.",
        "enrolButton": "Set passphrase", "enrolFailed": "The login or the code is wrong, or the code was used already. The attempt was recorded.",
        "passphraseTitle": "Change passphrase", "changeButton": "Change passphrase", "mismatch": "The two passphrases differ.",
        "done.enrolled": "Your passphrase is set. Log in with it.", "done.passphrase": "Your passphrase was changed.",
        "secondFactorTitle": "Second factor required",
        "secondFactorRequired": "This vault requires OPS staff to log in with a second factor (an app code), and your account has none yet. Set it up on the \"Second factor\" page (/second-factor); until then the pages show no data.",
        "secondFactorPage": "Second factor",
        "secondFactorIntro": "A code from an authenticator app (TOTP, e.g. FreeOTP, Aegis) protects the account when someone learns your passphrase.",
        "newSecret": "Create a new secret", "secretHeading": "The secret for the app",
        "secretText": "Enter this secret in the app (it is shown only now), then give the code it shows.",
        "secretURL": "Or the address for the app:", "newCode": "Code from the app", "currentCode": "Code from the current app",
        "confirmCode": "Confirm", "done.secondFactor": "The second factor is set up.",
        "otherSite": "This page was requested by another site, not by the vault. Nothing was read or changed; open it directly.",
        "currentPassphrase": "Current passphrase", "wrongCurrent": "The current passphrase is wrong. The attempt was recorded.",
        "consentsHeading": "Consents", "noConsents": "No consent recorded.", "withdrawVia": "Withdrawal received",
        "withdrawOn": "on", "withdraw": "Record the withdrawal", "valid": "in force", "notInForce": "not in force",
        "withdrawn": "withdrawn", "done.withdrawn": "The withdrawal was recorded; the keys that rested on the consent were removed.",
        "via.in_person": "in person", "via.letter": "by letter", "via.email": "by e-mail", "via.phone": "by phone",
        "via.electronic": "electronically (ePUAP)",
        "usersTitle": "Users", "usersText": "Staff and specialists' accounts, first-login codes, authorisations.",
        "usersCaption": "The vault's users", "nameCol": "Name", "cooperant": "PZK member", "addUser": "New user",
        "cooperantIfSpecialist": "PZK member (specialists only)", "addUserButton": "Add and issue a code",
        "codeHeading": "One-time code", "codeFor": "First-login code for",
        "codeOnce": "Hand it over in person; it is shown only now, and the vault keeps only its hash. Valid until",
        "authoriseHeading": "A specialist's authorisation", "specialist": "Specialist",
        "authoriseHelp": "The authorisation to process data (art. 29 GDPR) signed by the head; without it a specialist gets no keys.",
        "validUntilDay": "Valid until", "authoriseButton": "Record the authorisation", "done.authorised": "The authorisation was recorded.",
        "notesHeading": "Team notes", "notesAbout": "Notes about", "noNotes": "No notes.", "notePerson": "About", "noteText": "Note",
        "addNote": "Add the note", "done.note": "The note was saved.",
        "requestReason": "Why you need this data", "requestButton": "Ask the social worker for access",
        "done.requested": "Your request was sent to the social worker.",
        "accessHeading": "Specialists' requests for access", "noAccessRequests": "No pending requests.", "reason": "Reason",
        "approve": "Approve", "deny": "Deny", "denyGround": "Ground of the denial",
        "ground.no_legal_basis": "no legal basis", "ground.no_consent": "no consent of the person",
        "ground.not_necessary": "not necessary", "ground.outside_purpose": "outside the team's purpose",
        "done.approved": "Access was granted.", "done.denied": "The denial was recorded.",
        "nothing": "nothing", "done.person": "The person was saved.", "done.consent": "The consent was recorded.",
        "done.team": "The team was opened.", "done.member": "The member was added.",
    ]
}
