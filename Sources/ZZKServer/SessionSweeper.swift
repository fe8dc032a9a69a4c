import Foundation
import ServiceLifecycle

/// Ends sessions past their idle or total limit on time, not at their next request, so a
/// forgotten session's keys are erased within ``ServerConfiguration/sweepInterval``. At
/// shutdown it ends every session (recorded as `shutdown`).
struct SessionSweeper: Service {
    let state: ServerState

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(state.configuration.sweepInterval))
                await sweep(state)
            }
        }
        for session in await state.registry.removeAll() { await state.end(session, .shutdown) }
    }

    static func sweep(_ state: ServerState) async {
        for (session, end) in await state.registry.sweep(now: state.now) { await state.end(session, end) }
    }

    private func sweep(_ state: ServerState) async { await Self.sweep(state) }
}
