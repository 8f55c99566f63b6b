#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large native stack.
///
/// Hosts that nest the machine (an actor's send runs the callee's invocation inside the
/// caller's syscall; an EVM frame's CALL runs the callee's frame inside the caller's host
/// import) add the interpreter's, the host's and the call manager's native frames once per
/// level, and both allow 1,024 levels; threads of the Swift runtime's pools have stacks of
/// 512 KiB to 8 MiB. Such work therefore runs on a thread of its own with ``stackBytes``
/// (512 MiB) of stack, reserved and touched only as used, as ref-fvm runs each message on a
/// thread with a 64 MiB stack. A debug build needs more than 32 MiB for 1,024 nested actors
/// and tens of MiB for 1,024 EVM frames; an optimised build needs less.
///
/// The threads are kept and reused: a thread made per message or transaction cost a large
/// mapping, its guard page and fresh stack pages to fault in every time (about a seventh of a
/// short EVM transaction). A caller takes an idle thread (or makes one), hands it the work and
/// waits; the thread then goes back to the idle list. Work that is already on such a thread
/// runs in place. Callers on several threads at once get a thread each.
public enum LargeStack {
    /// The native stack the work runs with.
    public static let stackBytes = 1 << 29

    /// Runs `body` on a thread with a large stack and waits for its result.
    public static func run<T>(_ body: () -> T) -> T {
        if Worker.current != nil { return body() }
        return withoutActuallyEscaping(body) { body in
            var result: T?
            guard let worker = Worker.take() else { return body() }
            worker.perform { result = body() }
            Worker.putBack(worker)
            return result!
        }
    }

    /// A thread with a large stack that runs one piece of work at a time.
    private final class Worker: @unchecked Sendable {
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let signal = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var work: (() -> Void)?
        private var finished = false

        /// Idle workers, and the lock that guards the list.
        nonisolated(unsafe) private static var idle: [Worker] = []
        nonisolated(unsafe) private static let idleLock: UnsafeMutablePointer<pthread_mutex_t> = {
            let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
            pthread_mutex_init(lock, nil)
            return lock
        }()
        /// The thread-specific key that marks a worker's own thread.
        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key, nil)
            return key
        }()

        /// The worker whose thread this is, if any.
        static var current: Worker? {
            pthread_getspecific(key).map { Unmanaged<Worker>.fromOpaque($0).takeUnretainedValue() }
        }

        private init() {
            pthread_mutex_init(lock, nil)
            pthread_cond_init(signal, nil)
        }

        /// An idle worker, or a new one; nil if no thread can be made.
        static func take() -> Worker? {
            pthread_mutex_lock(idleLock)
            let reused = idle.popLast()
            pthread_mutex_unlock(idleLock)
            if let reused { return reused }
            let worker = Worker()
            return worker.start() ? worker : nil
        }

        static func putBack(_ worker: Worker) {
            pthread_mutex_lock(idleLock)
            idle.append(worker)
            pthread_mutex_unlock(idleLock)
        }

        /// Starts the thread (which keeps the worker for ever).
        private func start() -> Bool {
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, LargeStack.stackBytes)
            pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let context = Unmanaged.passRetained(self).toOpaque()
            let created = pthread_create(&thread, &attributes, { context in
                let worker = Unmanaged<Worker>.fromOpaque(context!).takeUnretainedValue()
                pthread_setspecific(Worker.key, context)
                worker.loop()
            }, context)
            if created != 0 { Unmanaged<Worker>.fromOpaque(context).release() }
            return created == 0
        }

        /// Runs `job` on the worker's thread; returns when it is done.
        func perform(_ job: @escaping () -> Void) {
            pthread_mutex_lock(lock)
            (work, finished) = (job, false)
            pthread_cond_broadcast(signal)
            while !finished { pthread_cond_wait(signal, lock) }
            pthread_mutex_unlock(lock)
        }

        private func loop() -> Never {
            while true { runNext() }
        }

        /// Waits for work, runs it, and lets the caller go only once the worker holds no
        /// reference to it (the caller's closure must not outlive `withoutActuallyEscaping`).
        private func runNext() {
            pthread_mutex_lock(lock)
            while work == nil { pthread_cond_wait(signal, lock) }
            var job = work
            work = nil
            pthread_mutex_unlock(lock)
            job?()
            job = nil
            pthread_mutex_lock(lock)
            finished = true
            pthread_cond_broadcast(signal)
            pthread_mutex_unlock(lock)
        }
    }
}
