#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Runs a transaction on a thread with a large native stack: each of up to 1,024 nested EVM
/// frames nests the engine's and the host's native frames once more (a debug build needs tens
/// of MiB), so the depth limit is reached long before the stack ends.
///
/// The threads are kept: a transaction hands its work to an idle one and waits for it, since
/// creating a thread with a 512 MiB stack (mapping and unmapping it) cost about a seventh of a
/// short transaction's time. A thread serves one transaction at a time; transactions on several
/// threads at once get a worker each.
enum EVMLargeStack {
    static let stackBytes = 1 << 29

    /// Workers waiting for a transaction.
    private static let idle = Mutex<[Worker]>([])

    static func run<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            guard let worker = idle.withLock({ $0.popLast() }) ?? Worker.start() else { return body() }
            var result: T?
            worker.perform { result = body() }
            idle.withLock { $0.append(worker) }
            return result!
        }
    }

    /// A thread with a large stack that runs one job at a time, handed over under a lock.
    private final class Worker: @unchecked Sendable {
        /// Guards `job` and `finished`; allocated, for stable addresses.
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var job: (() -> Void)?
        private var finished = false

        private init() {
            pthread_mutex_init(lock, nil)
            pthread_cond_init(changed, nil)
        }

        /// A new worker on its own thread, or nil when the thread cannot be created.
        static func start() -> Worker? {
            let worker = Worker()
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackBytes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            // The thread keeps the worker (workers live as long as the process).
            let context = Unmanaged.passRetained(worker).toOpaque()
            let created = pthread_create(&thread, &attributes, { context in
                Unmanaged<Worker>.fromOpaque(context!).takeUnretainedValue().serve()
            }, context)
            guard created == 0 else {
                Unmanaged<Worker>.fromOpaque(context).release()
                return nil
            }
            return worker
        }

        /// Runs `job` on the worker's thread and returns when it has finished.
        func perform(_ job: @escaping () -> Void) {
            pthread_mutex_lock(lock)
            self.job = job
            finished = false
            pthread_cond_broadcast(changed)
            while !finished { pthread_cond_wait(changed, lock) }
            pthread_mutex_unlock(lock)
        }

        /// The worker thread's loop. The job is released before its caller hears that it
        /// finished (the caller's closure must not outlive `withoutActuallyEscaping`).
        private func serve() -> Never {
            pthread_mutex_lock(lock)
            while true {
                while job == nil { pthread_cond_wait(changed, lock) }
                do {
                    let work = job!
                    job = nil
                    pthread_mutex_unlock(lock)
                    work()
                }
                pthread_mutex_lock(lock)
                finished = true
                pthread_cond_broadcast(changed)
            }
        }
    }
}
