#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs blocking work on a detached thread of its own, off Swift's cooperative pool.
///
/// `curl_easy_perform` blocks for the whole transfer, and the Lambda runtime's `/next` poll can
/// block for hours: on the cooperative pool (one thread per core) that would starve every other
/// task. A thread per transfer costs tens of microseconds, nothing next to a network round trip.
enum TransferThread {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    /// Starts `body` on a new detached thread; runs it on the calling thread if none can be made.
    static func run(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, nil, { argument in
            let work = Unmanaged<Work>.fromOpaque(argument!).takeRetainedValue()
            work.body()
            return nil
        }, work)
        if started == 0 {
            #if canImport(Darwin)
            pthread_detach(thread!)
            #else
            pthread_detach(thread)
            #endif
        } else {
            // Out of threads: degrade to blocking the caller rather than failing the request.
            Unmanaged<Work>.fromOpaque(work).takeRetainedValue().body()
        }
    }
}
