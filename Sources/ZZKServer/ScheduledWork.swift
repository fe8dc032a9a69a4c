import Foundation
import ServiceLifecycle
import ZZKVault

/// The server's scheduled work, one tick every ``ServerConfiguration/sweepInterval``:
///
/// - sessions past their idle or total limit end and their keys are erased (not at their
///   next request);
/// - at every change of day (Europe/Warsaw) and in the first round after start, grants whose consent, membership or
///   authorisation lapsed are deleted with their envelopes ( ``Vault/expireLapsedGrants(now:)``,
///   no key needed), and as soon as a custodian is logged in the categories that lost an
///   envelope are re-keyed with their session's vault key;
/// - at every change of day, the notices and data-subject requests that are overdue or due within
///   7 days are counted and, when there are any, recorded as a `deadlines.review` audit entry
///   (``Vault/reviewDeadlines(now:)``);
/// - the key slots of users whose enrolment code expired unused are wiped;
/// - with `--checkpoints-to`, a signed checkpoint is written there at least hourly.
///
/// At shutdown it ends every session (recorded as `shutdown`).
struct ScheduledWork: ServiceLifecycle.Service {
    let state: ServerState

    /// What the schedule remembers between ticks.
    actor Memory {
        var lastExpiryDay: String?
        var lastReviewDay: String?
        var lastCheckpoint: Date?
        func expiryDue(today: String) -> Bool { lastExpiryDay != today }
        func expired(on day: String) { lastExpiryDay = day }
        func reviewDue(today: String) -> Bool { lastReviewDay != today }
        func reviewed(on day: String) { lastReviewDay = day }
        func checkpointDue(now: Date, every interval: TimeInterval) -> Bool {
            lastCheckpoint.map { now.timeIntervalSince($0) >= interval } ?? true
        }
        func checkpointed(at date: Date) { lastCheckpoint = date }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            // The first round runs one interval after start, so it never races the first requests.
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(state.configuration.sweepInterval))
                guard !Task.isCancelled else { break }
                await Self.tick(state)
            }
        }
        for session in await state.registry.removeAll() { await state.end(session, .shutdown) }
    }

    /// One round of the scheduled work. Failures are logged and retried at the next tick.
    static func tick(_ state: ServerState) async {
        for (session, end) in await state.registry.sweep(now: state.now) { await state.end(session, end) }
        await expireLapsedGrants(state)
        await reviewDeadlines(state)
        await expireEnrolments(state)
        await exportCheckpoint(state)
    }

    private static func reviewDeadlines(_ state: ServerState) async {
        let now = state.now
        let today = CalendarDate.today(now)
        guard await state.schedule.reviewDue(today: today) else { return }
        let vault = state.vault
        do {
            let report = try await state.blocking { () throws(VaultError) in try vault.reviewDeadlines(now: now) }
            await state.schedule.reviewed(on: today)
            if report.overdueNotices + report.overdueRequests > 0 {
                state.logger.warning("deadlines missed", metadata: [
                    "notices_overdue": "\(report.overdueNotices)", "requests_overdue": "\(report.overdueRequests)",
                ])
            }
        } catch {
            state.logger.error("deadline review failed; retrying at the next tick", metadata: ["error": "\(error)"])
        }
    }

    private static func expireEnrolments(_ state: ServerState) async {
        let vault = state.vault
        let now = state.now
        do {
            let wiped = try await state.blocking { () throws(VaultError) in try vault.expireEnrolments(now: now) }
            if !wiped.isEmpty { state.logger.info("expired enrolment codes wiped", metadata: ["count": "\(wiped.count)"]) }
        } catch {
            state.logger.error("enrolment expiry failed; retrying at the next tick", metadata: ["error": "\(error)"])
        }
    }

    private static func expireLapsedGrants(_ state: ServerState) async {
        let now = state.now
        let today = CalendarDate.today(now)
        let vault = state.vault
        do {
            if await state.schedule.expiryDue(today: today) {
                let report = try await state.blocking { () throws(VaultError) in try vault.expireLapsedGrants(now: now) }
                await state.schedule.expired(on: today)
                if report.revoked > 0 {
                    state.logger.info("lapsed grants revoked", metadata: ["revoked": "\(report.revoked)", "rekey_pending": "\(report.rekeyPending)"])
                }
            }
            guard try await state.blocking({ () throws(VaultError) in try vault.hasPendingRekeys() }) else { return }
            // The first custodian whose session can: one unlocked before a key rotation cannot.
            for custodian in await state.registry.custodians(now: now) {
                do {
                    let rekeyed = try await custodian.handle.perform { session throws(VaultError) in try session.settlePendingRekeys(now: now) }
                    state.logger.info("pending re-keys settled", metadata: ["rekeyed": "\(rekeyed)", "by": "\(custodian.user.login)"])
                    return
                } catch .vaultKeyRotated, .sessionEnded {
                    continue
                }
            }
        } catch {
            state.logger.error("scheduled expiry failed; retrying at the next tick", metadata: ["error": "\(error)"])
        }
    }

    private static func exportCheckpoint(_ state: ServerState) async {
        guard let folder = state.configuration.checkpointsTo else { return }
        let now = state.now
        guard await state.schedule.checkpointDue(now: now, every: state.configuration.checkpointInterval) else { return }
        let vault = state.vault
        do {
            let path = try await state.blocking { () throws(VaultError) in try vault.exportScheduledCheckpoint(to: folder, now: now) }
            await state.schedule.checkpointed(at: now)
            state.logger.info("checkpoint exported", metadata: ["file": "\(path)"])
        } catch {
            state.logger.error("checkpoint export failed; retrying at the next tick", metadata: ["error": "\(error)"])
        }
    }
}
