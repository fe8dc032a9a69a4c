import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import ZZKDocuments
import ZZKVault

/// Renders the web pages from the templates shipped in the binary (``WebAssets``): every
/// value is HTML-escaped by the template engine, every page is `no-store` (the security
/// middleware), and nothing needs script.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    /// The cookie that remembers the chosen language (not a secret; `Strict` like the session).
    static let languageCookie = "zzk-lang"

    init() {
        var library = MustacheLibrary()
        for (name, text) in WebAssets.templates.sorted(by: { $0.key < $1.key }) {
            // The templates are part of the build: a broken one is a programming error.
            try! library.register(text, named: name)
        }
        self.library = library
    }

    /// The language of this request: `?lang=` when given, else the cookie, else Polish.
    static func language(_ request: Request) -> DocumentLanguage {
        if let chosen = request.uri.queryParameters["lang"].flatMap({ DocumentLanguage(rawValue: String($0)) }) {
            return chosen
        }
        return request.cookies[languageCookie].flatMap { DocumentLanguage(rawValue: $0.value) } ?? .pl
    }

    /// A page: `template` filled with `values` inside the layout, for `user` (nil: logged out).
    func page(
        _ template: String, title: String, request: Request, user: PageUser?, status: HTTPResponse.Status = .ok,
        values: [String: Any] = [:], message: String? = nil, error: String? = nil, remedy: String? = nil
    ) -> Response {
        let language = Self.language(request)
        let other: DocumentLanguage = language == .pl ? .en : .pl
        var context = values
        context["lang"] = language.rawValue
        context["title"] = title
        context["t"] = PageText.strings(language)
        // Relative to the page (a path such as //home must not become a link to another host).
        context["switchHref"] = request.method == .get ? "?lang=\(other.rawValue)" : "/home?lang=\(other.rawValue)"
        context["switchLang"] = other.rawValue
        if let user { context["user"] = user.context(language, path: request.uri.path) }
        if let message { context["message"] = message }
        if let error { context["error"] = error }
        if let remedy { context["remedy"] = remedy }
        let html = library.render(context, withTemplate: template) ?? ""
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8"]
        if request.uri.queryParameters["lang"] != nil {
            headers[.setCookie] = "\(Self.languageCookie)=\(language.rawValue); Path=/; SameSite=Strict"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The stylesheet, the one static asset.
    static func stylesheet() -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: WebAssets.stylesheet)))
    }

    /// A 303 to `path` (after a form, or to the login page).
    static func redirect(_ path: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: path]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }

    /// A time from the log (UTC) as Warsaw local time, `YYYY-MM-DD HH:MM:SS`.
    static func warsawTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }
}

/// Who a page is for: what the layout shows of them and the links their role may follow.
struct PageUser {
    let session: WorkingSession

    var role: Role { session.user.role }

    /// The pages this role may use, as the navigation shows them.
    func links(_ language: DocumentLanguage) -> [(href: String, label: String)] {
        let t = PageText.strings(language)
        var links = [("/home", t["homeTitle"]!)]
        switch role {
        case .specialist: links.append(("/teams", t["teamsTitle"]!))
        case .socialWorker:
            links += [("/persons", t["personsTitle"]!), ("/teams", t["teamsTitle"]!), ("/desk", t["deskTitle"]!)]
        case .dpo:
            links += [
                ("/audit", t["auditTitle"]!), ("/desk", t["deskTitle"]!), ("/breaches", t["breachesTitle"]!),
                ("/registers", t["registersTitle"]!), ("/statistics", t["statisticsTitle"]!),
                ("/users", t["usersTitle"]!), ("/policy", t["policyTitle"]!),
            ]
        case .admin:
            links += [
                ("/users", t["usersTitle"]!), ("/cooperants", t["cooperantsTitle"]!), ("/audit", t["auditTitle"]!),
                ("/breaches", t["breachesTitle"]!), ("/registers", t["registersTitle"]!),
                ("/statistics", t["statisticsTitle"]!), ("/policy", t["policyTitle"]!),
            ]
        case .networkWorker:
            links += [
                ("/desk", t["deskTitle"]!), ("/cooperants", t["cooperantsTitle"]!),
                ("/registers", t["registersTitle"]!),
                ("/statistics", t["statisticsTitle"]!),
            ]
        }
        return links
    }

    func context(_ language: DocumentLanguage, path: String) -> [String: Any] {
        [
            "name": session.user.name ?? session.user.login,
            "roleLabel": PageText.role(role, language),
            "csrf": session.csrfToken,
            "links": links(language).map { ["href": $0.href, "label": $0.label, "current": $0.href == path] },
        ]
    }
}
