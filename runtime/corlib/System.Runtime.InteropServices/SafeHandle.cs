// Native handles owned by managed objects. A P/Invoke stub references the
// SafeHandle it passes for the length of the call (DangerousAddRef and
// DangerousRelease, found by name by the runtime, which reads `handle`),
// so a concurrent Dispose cannot release the handle under native code.
using System;
using System.Threading;

namespace System.Runtime.ConstrainedExecution {
    public abstract class CriticalFinalizerObject {
        protected CriticalFinalizerObject() {}
        ~CriticalFinalizerObject() {}
    }
}

namespace System.Runtime.InteropServices {
    public abstract class SafeHandle : System.Runtime.ConstrainedExecution.CriticalFinalizerObject, IDisposable {
        protected IntPtr handle;
        // References in steps of 4 (the object's own is the first); bit 0:
        // closed, bit 1: disposed.
        int _state;
        bool _ownsHandle;
        const int Closed = 1, Disposed = 2, OneRef = 4;

        protected SafeHandle(IntPtr invalidHandleValue, bool ownsHandle) {
            handle = invalidHandleValue;
            _ownsHandle = ownsHandle;
            _state = OneRef;
            if (!ownsHandle) GC.SuppressFinalize(this);
        }

        ~SafeHandle() { Dispose(false); }

        protected void SetHandle(IntPtr handle) { this.handle = handle; }
        public IntPtr DangerousGetHandle() { return handle; }
        public bool IsClosed { get { return (_state & Closed) != 0; } }
        public abstract bool IsInvalid { get; }
        protected abstract bool ReleaseHandle();

        public void Close() { Dispose(true); }
        public void Dispose() { Dispose(true); }
        protected virtual void Dispose(bool disposing) {
            Release(true);
            GC.SuppressFinalize(this);
        }

        public void SetHandleAsInvalid() {
            int old;
            do { old = _state; } while (Interlocked.CompareExchange(ref _state, old | Closed, old) != old);
            GC.SuppressFinalize(this);
        }

        public void DangerousAddRef(ref bool success) {
            int old;
            do {
                old = _state;
                if ((old & Closed) != 0) throw new ObjectDisposedException(null, "Safe handle has been closed");
            } while (Interlocked.CompareExchange(ref _state, old + OneRef, old) != old);
            success = true;
        }

        public void DangerousRelease() { Release(false); }

        // Drops one reference (the object's own when disposing, once); the
        // last one releases the handle if this object owns it.
        void Release(bool dispose) {
            int old, now;
            do {
                old = _state;
                if (dispose && (old & Disposed) != 0) return;
                if ((old & ~(Closed | Disposed)) == 0) throw new ObjectDisposedException(null, "Safe handle has been closed");
                now = old - OneRef;
                if ((now & ~(Closed | Disposed)) == 0) now |= Closed;
                if (dispose) now |= Disposed;
            } while (Interlocked.CompareExchange(ref _state, now, old) != old);
            if ((now & ~(Closed | Disposed)) == 0 && (old & Closed) == 0 && _ownsHandle && !IsInvalid) ReleaseHandle();
        }
    }
}

namespace Microsoft.Win32.SafeHandles {
    public abstract class SafeHandleZeroOrMinusOneIsInvalid : System.Runtime.InteropServices.SafeHandle {
        protected SafeHandleZeroOrMinusOneIsInvalid(bool ownsHandle) : base(IntPtr.Zero, ownsHandle) {}
        public override bool IsInvalid { get { return handle == IntPtr.Zero || handle == new IntPtr(-1); } }
    }

    public abstract class SafeHandleMinusOneIsInvalid : System.Runtime.InteropServices.SafeHandle {
        protected SafeHandleMinusOneIsInvalid(bool ownsHandle) : base(new IntPtr(-1), ownsHandle) {}
        public override bool IsInvalid { get { return handle == new IntPtr(-1); } }
    }
}
