import Foundation
import Hummingbird
import ZZKVault

/// The policy's versions for the IOD and the administrator: the one in force and the proposals
/// waiting, each with what it changes and what lint reports; the IOD approves or rejects them
/// here (an administrator proposes with `zzk policy apply`, and may withdraw a proposal).
extension PageRoutes {
    func policy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            let t = text(request)
            let versions = try await session.handle.perform { session throws(VaultError) in
                try session.policyVersions()
            }
            let running = state.vault.policy.hash
            let active = versions.last { $0.state == .active }
            let proposals = versions.filter { $0.state == .proposed }.map { version -> [String: Any] in
                let changes = version.changes
                return [
                    "hash": version.hash, "short": String(version.hash.prefix(12)), "proposedBy": version.proposedBy,
                    "proposedAt": version.proposedAt, "files": changes?.files.joined(separator: ", ") ?? "",
                    "added": changes?.rulesAdded.joined(separator: ", ") ?? "",
                    "removed": changes?.rulesRemoved.joined(separator: ", ") ?? "",
                    "changed": changes?.rulesChanged.joined(separator: ", ") ?? "",
                    "findings": (version.findings ?? []).map {
                        ["text": $0.description, "warning": $0.severity == .warning]
                    },
                    "hasFindings": !(version.findings ?? []).isEmpty,
                ]
            }
            var values: [String: Any] = [
                "csrf": session.csrfToken, "isDPO": session.user.role == .dpo, "proposals": proposals,
                "noProposals": proposals.isEmpty,
                "activeHash": active?.hash ?? running,
                "activeBy": active?.approvedBy.map { "\($0), \(active?.approvedAt ?? "")" } ?? t["policyNotApproved"]!,
            ]
            // An approved version takes effect when the service is started again.
            if let active, active.hash != running { values["restartNeeded"] = String(running.prefix(12)) }
            return renderer.page(
                "policy", title: t["policyTitle"]!, request: request, user: PageUser(session: session), values: values,
                message: Self.done(request, t))
        }
    }

    func approvePolicy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            _ = try await PageForm.fields(from: request, session: session)
            let hash = try context.parameters.require("hash")
            _ = try await session.handle.perform { session throws(VaultError) in try session.approvePolicy(hash: hash) }
            return PageRenderer.redirect("/policy?done=policyApproved")
        }
    }

    func rejectPolicy(_ request: Request, context: ZZKRequestContext) async throws -> Response {
        try await withSession(request) { session in
            _ = try await PageForm.fields(from: request, session: session)
            let hash = try context.parameters.require("hash")
            _ = try await session.handle.perform { session throws(VaultError) in try session.rejectPolicy(hash: hash) }
            return PageRenderer.redirect("/policy?done=policyRejected")
        }
    }
}
