#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large native stack.
///
/// Each actor call on the stack nests the host's native frames (the interpreter, the syscall,
/// the call manager) once more, and the call depth limit is 1,024; threads of the Swift
/// runtime's pools have stacks of 512 KiB to 8 MiB. Messages therefore run on a thread of
/// their own with ``stackBytes`` (256 MiB) of stack, reserved and touched only as used, as
/// ref-fvm runs each message on a thread with a 64 MiB stack. A debug build needs more than
/// 32 MiB for 1,024 nested actors (the depth test crashed with 32 MiB), so 256 MiB leaves a
/// wide margin; an optimised build needs less.
enum LargeStack {
    /// The native stack a message runs with.
    static let stackBytes = 1 << 28

    private final class Job: @unchecked Sendable {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Runs `body` on a new thread with a large stack and waits for its result.
    static func run<T>(_ body: () -> T) -> T {
        withoutActuallyEscaping(body) { body in
            var result: T?
            let job = Job { result = body() }
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, stackBytes)
            #if canImport(Darwin)
            var thread: pthread_t?
            #else
            var thread = pthread_t()
            #endif
            let context = Unmanaged.passRetained(job).toOpaque()
            let created = pthread_create(&thread, &attributes, { context in
                let job = Unmanaged<Job>.fromOpaque(context!).takeRetainedValue()
                job.work()
                return nil
            }, context)
            guard created == 0 else {
                // No thread (resources exhausted): run here, on whatever stack there is.
                Unmanaged<Job>.fromOpaque(context).release()
                return body()
            }
            #if canImport(Darwin)
            pthread_join(thread!, nil)
            #else
            pthread_join(thread, nil)
            #endif
            return result!
        }
    }
}
