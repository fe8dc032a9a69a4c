import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import NIOSSL
import ZZKVault

/// `zzk serve`: the vault as an HTTP(S) service, the only process that touches the vault folder.
///
/// Users log in once per working session (`POST /api/v1/session`); their key slot is opened
/// then and the keys stay in the session's guarded memory until logout, 15 minutes idle or
/// 8 hours in all. Every route parses, calls the ``ZZKVault`` library and renders JSON.
public struct VaultServer: Sendable {
    let state: ServerState

    /// Checks the configuration (plain HTTP on loopback only) and prepares the routes.
    public init(vault: Vault, configuration: ServerConfiguration, logger: Logger = Logger(label: "zzk.serve")) throws(ServerSetupError) {
        try configuration.validate()
        self.state = ServerState(vault: vault, configuration: configuration, logger: logger)
    }

    /// The routes, behind the security headers; those that need a session behind the session middleware.
    public func router() -> Router<ZZKRequestContext> {
        let router = Router(context: ZZKRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(tls: state.configuration.tls != nil))
        router.get("healthz") { _, _ in try JSONBody.response(["status": "ok"]) }
        let api = router.group("api/v1")
        api.get("openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
        let session = SessionRoutes(state: state)
        api.post("session", use: session.login)
        let enrolment = EnrolmentRoutes(state: state)
        api.post("enrolment", use: enrolment.enrol)

        let user = api.group().add(middleware: SessionMiddleware(state: state))
        user.get("session", use: session.current)
        user.delete("session", use: session.logout)
        user.post("users", use: enrolment.invite)
        user.post("users/:login/approval", use: enrolment.approve)
        let secondFactor = SecondFactorRoutes(state: state)
        user.post("session/second-factor", use: secondFactor.offer)
        user.post("session/second-factor/confirm", use: secondFactor.confirm)
        user.put("settings/second-factor", use: secondFactor.setRequirement)

        let desk = DeskRoutes(state: state)
        user.get("purposes", use: desk.purposes)
        user.get("audit/verify", use: desk.verify)
        user.get("audit/entries", use: desk.entries)
        user.post("audit/checkpoint", use: desk.checkpoint)

        let documents = DocumentRoutes(state: state)
        user.get("notices/:id/document", use: documents.notice)
        user.get("ropa", use: documents.processingRecord)
        user.get("audit/report", use: documents.auditReport)
        user.get("policy/matrix", use: documents.policyMatrix)

        let persons = PersonRoutes(state: state)
        user.get("persons", use: persons.list)
        user.post("persons", use: persons.add)
        user.post("persons/search", use: persons.search)
        user.post("persons/:id/read", use: persons.read)

        let cooperation = CooperationRoutes(state: state)
        user.get("persons/:id/consents", use: cooperation.consents)
        user.post("consents", use: cooperation.recordConsent)
        user.post("consents/:id/withdraw", use: cooperation.withdrawConsent)
        user.get("teams", use: cooperation.teams)
        user.post("teams", use: cooperation.openTeam)
        user.get("teams/:id", use: cooperation.team)
        user.post("teams/:id/members", use: cooperation.addMember)
        user.delete("teams/:id/members/:login", use: cooperation.removeMember)
        user.post("teams/:id/close", use: cooperation.closeTeam)

        addPages(to: router, sessions: session, enrolments: enrolment, secondFactors: secondFactor)
        return router
    }

    /// The web pages (outside `/api/v1`): they find their own session, take the CSRF token as a
    /// form field, and answer with pages rather than problems.
    private func addPages(
        to router: Router<ZZKRequestContext>, sessions: SessionRoutes, enrolments: EnrolmentRoutes, secondFactors: SecondFactorRoutes
    ) {
        let pages = PageRoutes(state: state, renderer: PageRenderer(), sessions: sessions, enrolments: enrolments,
                               secondFactors: secondFactors)
        router.get("/", use: pages.root)
        router.get("static/zzk.css") { _, _ in PageRenderer.stylesheet() }
        router.get("login", use: pages.loginPage)
        router.post("login", use: pages.login)
        router.post("logout", use: pages.logout)
        router.get("ended", use: pages.ended)
        router.get("enrol", use: pages.enrolPage)
        router.post("users/:login/approval", use: pages.approveUser)
        router.get("policy", use: pages.policy)
        router.post("policy/:hash/approve", use: pages.approvePolicy)
        router.post("policy/:hash/reject", use: pages.rejectPolicy)
        router.post("enrol", use: pages.enrol)
        router.get("passphrase", use: pages.passphrasePage)
        router.get("second-factor", use: pages.secondFactorPage)
        router.post("second-factor", use: pages.offerSecondFactor)
        router.post("second-factor/confirm", use: pages.confirmSecondFactor)
        router.post("passphrase", use: pages.changePassphrase)
        router.get("home", use: pages.home)
        router.get("teams", use: pages.teams)
        router.post("teams", use: pages.openTeam)
        router.get("teams/:id", use: pages.team)
        router.post("teams/:id/members", use: pages.addMember)
        router.post("teams/:id/notes", use: pages.addNote)
        router.get("teams/:id/suggestions", use: pages.suggestions)
        router.post("teams/:id/close", use: pages.closeTeam)
        router.post("teams/:id/acknowledge", use: pages.acknowledgeTeam)
        router.get("persons/:id/edit", use: pages.editPerson)
        router.post("persons/:id/edit", use: pages.updatePerson)
        router.post("persons/:id/household", use: pages.joinHousehold)
        router.post("persons/:id/team-requests", use: pages.recordTeamRequest)
        router.get("households/:id", use: pages.household)
        router.post("break-glass/:entry/review", use: pages.reviewBreakGlass)
        router.get("statistics", use: pages.statistics)
        router.get("breaches", use: pages.breaches)
        router.get("registers", use: pages.registers)
        router.get("cooperants", use: pages.cooperants)
        router.post("cooperants", use: pages.addCooperant)
        router.post("services", use: pages.addService)
        router.post("services/:id/confirm", use: pages.confirmService)
        router.post("persons/:id/requests", use: pages.requestAccess)
        router.post("requests/:id/approve", use: pages.approveRequest)
        router.post("requests/:id/deny", use: pages.denyRequest)
        router.get("persons", use: pages.persons)
        router.post("persons", use: pages.addPerson)
        router.post("persons/search", use: pages.search)
        router.get("persons/new", use: pages.newPerson)
        router.get("persons/:id", use: pages.person)
        router.post("persons/:id/read", use: pages.read)
        router.get("persons/:id/consents/new", use: pages.consentForm)
        router.post("persons/:id/consents", use: pages.recordConsent)
        router.post("consents/:id/withdraw", use: pages.withdrawConsent)
        router.get("audit", use: pages.audit)
        router.get("desk", use: pages.desk)
        router.get("users", use: pages.users)
        router.post("users", use: pages.addUser)
        router.post("authorisations", use: pages.authorise)
        router.post("notices/:id/deliver", use: pages.deliverNotice)

        // The printable documents, by the same handlers (and bytes) as the API's.
        let documents = DocumentRoutes(state: state)
        let printable = router.group("documents").add(middleware: PageSessionMiddleware(state: state, renderer: pages.renderer))
        printable.get("notices/:id", use: documents.notice)
        printable.get("ropa", use: documents.processingRecord)
        printable.get("dpia", use: documents.dpia)
        printable.get("report", use: documents.auditReport)
        printable.get("matrix", use: documents.policyMatrix)
        printable.get("access-answers/:id", use: documents.accessAnswer)
        printable.get("consents/:id", use: documents.consentForm)
        printable.get("breaches/:id", use: documents.breachNotification)
        printable.get("agreements/:id/essence", use: documents.arrangementEssence)
    }

    /// The application: HTTP/1.1 (with TLS when configured) and the scheduled work.
    /// `onRunning` gets the address really bound (port 0 becomes a free port).
    public func application(
        onRunning: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) throws(ServerSetupError) -> some ApplicationProtocol {
        let listen = state.configuration.listen
        let server: HTTPServerBuilder
        if let tls = state.configuration.tls {
            do { server = try .tls(.http1(), tlsConfiguration: try Self.tlsConfiguration(tls)) } catch let error as ServerSetupError {
                throw error
            } catch { throw .tlsUnusable(path: tls.certificate, reason: "\(error)") }
        } else {
            server = .http1()
        }
        return Application(
            router: router(), server: server,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            services: [ScheduledWork(state: state)],
            onServerRunning: { channel in
                await onRunning(ListenAddress(host: listen.host, port: channel.localAddress?.port ?? listen.port))
            },
            logger: state.logger)
    }

    /// Runs one round of the scheduled work now (the server does so every `sweepInterval`):
    /// sessions past a limit end, lapsed grants are revoked at a change of day, pending re-keys
    /// settled, a checkpoint exported when due.
    public func runScheduledWork() async {
        await ScheduledWork.tick(state)
    }

    /// The number of live working sessions.
    public var liveSessions: Int {
        get async { await state.registry.count }
    }

    private static func tlsConfiguration(_ files: ServerConfiguration.TLSFiles) throws -> TLSConfiguration {
        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMFile(files.certificate) } catch {
            throw ServerSetupError.tlsUnusable(path: files.certificate, reason: "not a readable PEM certificate chain")
        }
        guard !chain.isEmpty else { throw ServerSetupError.tlsUnusable(path: files.certificate, reason: "holds no certificate") }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(file: files.privateKey, format: .pem) } catch {
            throw ServerSetupError.tlsUnusable(path: files.privateKey, reason: "not a readable PEM private key")
        }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }
}
