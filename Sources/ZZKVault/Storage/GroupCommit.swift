import Dispatch
import Foundation
import GRDB
import Synchronization

/// Runs the write operations that threads of one process submit at the same time in shared
/// transactions: one fsync and one signed checkpoint for a whole batch.
///
/// Every read of personal data appends its audit entry in a write transaction, and the answer
/// leaves only after that transaction committed ("no entry, no access"). Alone, each read then
/// pays its own fsync (`synchronous=FULL`) and its own Ed25519 checkpoint signature. Here the
/// first thread to arrive leads: it takes every operation queued so far, runs each in its own
/// savepoint of one transaction (a failing operation rolls back only its savepoint, and the
/// audit tree's pending state with it), seals one checkpoint, commits, and wakes each waiting
/// thread with its own result only then. Operations queued meanwhile form the next batch,
/// led by the first of them, so no thread leads for long.
final class GroupCommit: Sendable {
    /// One queued operation. `@unchecked Sendable`: the submitting thread creates it and then
    /// only waits on `done`; the leader runs it and signals `done` last, so the two never touch
    /// it at the same time (the semaphore orders every access).
    final class Job: @unchecked Sendable {
        /// The operation; its submitter sets it to nil once woken, so the closure (which wraps a
        /// non-escaping one) never outlives the submitter's call, whoever still holds the job.
        var run: ((Database, AuditLog) -> (any Error)?)?
        let done = DispatchSemaphore(value: 0)
        var outcome: Outcome = .waiting

        enum Outcome {
            case waiting
            /// Wake up and lead the next batch.
            case lead
            /// The batch committed (the job itself may have failed inside its savepoint).
            case committed
            /// The batch failed as a whole.
            case failed(any Error)
        }

        /// `run` returns the operation's error when it failed and its savepoint must be rolled back.
        init(run: @escaping (Database, AuditLog) -> (any Error)?) {
            self.run = run
        }
    }

    private struct Queue {
        var jobs: [Job] = []
        var leading = false
    }

    private let queue = Mutex(Queue())

    /// Submits `job` and blocks until its batch committed or failed. `transaction` runs a batch:
    /// it is called by whichever thread leads, with the jobs in arrival order.
    func submit(_ job: Job, transaction: ([Job]) throws -> Void) throws {
        // A write inside a write would wait for its own batch forever: stop at once instead.
        precondition(Thread.current.threadDictionary[Self.leadingKey] == nil, "Vault.write called inside a Vault.write body")
        let leads = queue.withLock { queue -> Bool in
            queue.jobs.append(job)
            if queue.leading { return false }
            queue.leading = true
            return true
        }
        if !leads {
            job.done.wait()
            guard case .lead = job.outcome else { return try Self.finish(job) }
        }
        lead(transaction)
        try Self.finish(job)
    }

    private func lead(_ transaction: ([Job]) throws -> Void) {
        let batch = queue.withLock { queue -> [Job] in
            defer { queue.jobs.removeAll(keepingCapacity: true) }
            return queue.jobs
        }
        var failure: (any Error)?
        Thread.current.threadDictionary[Self.leadingKey] = true
        do { try transaction(batch) } catch { failure = error }
        Thread.current.threadDictionary[Self.leadingKey] = nil
        // Hand the lead to the first job that arrived during this batch, if any.
        let next = queue.withLock { queue -> Job? in
            guard let first = queue.jobs.first else {
                queue.leading = false
                return nil
            }
            return first
        }
        for job in batch {
            job.outcome = failure.map { .failed($0) } ?? .committed
            job.done.signal()
        }
        if let next {
            next.outcome = .lead
            next.done.signal()
        }
    }

    private static let leadingKey = "zzk.group-commit.leading"

    private static func finish(_ job: Job) throws {
        if case let .failed(error) = job.outcome { throw error }
    }
}
