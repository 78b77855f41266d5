// DynamicMethod and the IL it is built from. The generator produces a
// standard fat method body whose tokens index this method's token table;
// the runtime (src/runtime/dynamic.rs) turns body and table into a method
// whose memory it frees when this object and every delegate to it are
// unreachable (the finalizer below).
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace System.Reflection.Emit {
    public struct OpCode {
        string _name;
        short _value;
        OperandType _operand;
        FlowControl _flow;
        OpCodeType _type;
        StackBehaviour _pop, _push;
        internal OpCode(string name, short value, OperandType operand, FlowControl flow, OpCodeType type, StackBehaviour pop, StackBehaviour push) {
            _name = name; _value = value; _operand = operand; _flow = flow; _type = type; _pop = pop; _push = push;
        }
        public string Name { get { return _name; } }
        public short Value { get { return _value; } }
        public int Size { get { return ((ushort)_value >> 8) == 0xfe ? 2 : 1; } }
        public OperandType OperandType { get { return _operand; } }
        public FlowControl FlowControl { get { return _flow; } }
        public OpCodeType OpCodeType { get { return _type; } }
        public StackBehaviour StackBehaviourPop { get { return _pop; } }
        public StackBehaviour StackBehaviourPush { get { return _push; } }
        public override string ToString() { return _name; }
        public override bool Equals(object obj) { return obj is OpCode && Equals((OpCode)obj); }
        public bool Equals(OpCode obj) { return obj._value == _value; }
        public override int GetHashCode() { return _value; }
        public static bool operator ==(OpCode a, OpCode b) { return a._value == b._value; }
        public static bool operator !=(OpCode a, OpCode b) { return a._value != b._value; }
    }

    public struct Label {
        internal int _label;
        internal Label(int label) { _label = label; }
        public override bool Equals(object obj) { return obj is Label && ((Label)obj)._label == _label; }
        public bool Equals(Label obj) { return obj._label == _label; }
        public override int GetHashCode() { return _label; }
        public static bool operator ==(Label a, Label b) { return a._label == b._label; }
        public static bool operator !=(Label a, Label b) { return a._label != b._label; }
    }

    public class LocalVariableInfo {
        internal Type _type;
        internal int _index;
        internal bool _pinned;
        protected LocalVariableInfo() {}
        public virtual Type LocalType { get { return _type; } }
        public virtual int LocalIndex { get { return _index; } }
        public virtual bool IsPinned { get { return _pinned; } }
        public override string ToString() { return _type.ToString() + " (" + _index + ")" + (_pinned ? " (pinned)" : ""); }
    }

    public sealed class LocalBuilder : LocalVariableInfo {
        internal ILGenerator _owner;
        internal LocalBuilder(ILGenerator owner, Type type, int index, bool pinned) { _owner = owner; _type = type; _index = index; _pinned = pinned; }
        public override Type LocalType { get { return _type; } }
        public override int LocalIndex { get { return _index; } }
        public override bool IsPinned { get { return _pinned; } }
        public void SetLocalSymInfo(string name) {}
    }

    public class ParameterBuilder {
        int _position;
        string _name;
        ParameterAttributes _attrs;
        internal ParameterBuilder(int position, ParameterAttributes attrs, string name) { _position = position; _attrs = attrs; _name = name; }
        public virtual string Name { get { return _name; } }
        public virtual int Position { get { return _position; } }
        public virtual int Attributes { get { return (int)_attrs; } }
        public bool IsIn { get { return (_attrs & ParameterAttributes.In) != 0; } }
        public bool IsOut { get { return (_attrs & ParameterAttributes.Out) != 0; } }
        public bool IsOptional { get { return (_attrs & ParameterAttributes.Optional) != 0; } }
        public virtual void SetConstant(object defaultValue) {}
    }

    public class ILGenerator {
        // Token tables (the byte in a token's top bits; its low bits are
        // the 1-based index into `tokens`).
        internal const int TokType = 0x02, TokField = 0x04, TokMethod = 0x06, TokSig = 0x11, TokString = 0x70;

        byte[] _code = new byte[64];
        int _len;
        internal List<object> _tokens = new List<object>();
        internal List<int> _kinds = new List<int>();
        internal List<LocalBuilder> _locals = new List<LocalBuilder>();
        List<int> _labels = new List<int>();
        // Branch operands to patch: (operand position, size, end of instruction, label).
        List<int[]> _fixups = new List<int[]>();
        List<int[]> _clauses = new List<int[]>();
        List<Block> _blocks = new List<Block>();
        internal DynamicMethod _method;

        internal ILGenerator(DynamicMethod method) { _method = method; }

        // One open exception block; clause rows are
        // {flags, try start, try end, handler start, handler end, token or filter start}.
        sealed class Block {
            internal int TryStart, TryEnd = -1;
            internal Label End;
            internal int State; // 0 try, 1 filter, 2 catch, 3 finally, 4 fault
            internal int[] Current;
        }

        public virtual int ILOffset { get { return _len; } }

        void Put(byte b) {
            if (_len == _code.Length) {
                byte[] n = new byte[_code.Length * 2];
                Array.Copy(_code, n, _len);
                _code = n;
            }
            _code[_len++] = b;
        }
        void Put16(int v) { Put((byte)v); Put((byte)(v >> 8)); }
        void Put32(int v) { Put16(v); Put16(v >> 16); }
        void Put64(long v) { Put32((int)v); Put32((int)(v >> 32)); }
        void Op(OpCode op) {
            if (op.Size == 2) Put((byte)((ushort)op.Value >> 8));
            Put((byte)op.Value);
        }
        int Token(object o, int table) {
            _tokens.Add(o);
            _kinds.Add(table);
            return (table << 24) | _tokens.Count;
        }

        public virtual void Emit(OpCode opcode) { Op(opcode); }
        public virtual void Emit(OpCode opcode, byte arg) { Op(opcode); Put(arg); }
        public void Emit(OpCode opcode, sbyte arg) { Op(opcode); Put((byte)arg); }
        public virtual void Emit(OpCode opcode, short arg) { Op(opcode); Put16(arg); }
        public virtual void Emit(OpCode opcode, int arg) { Op(opcode); Put32(arg); }
        public virtual void Emit(OpCode opcode, long arg) { Op(opcode); Put64(arg); }
        public virtual unsafe void Emit(OpCode opcode, float arg) {
            Op(opcode);
            Put32(*(int*)&arg);
        }
        public virtual void Emit(OpCode opcode, double arg) { Op(opcode); Put64(BitConverter.DoubleToInt64Bits(arg)); }
        public virtual void Emit(OpCode opcode, string str) { Op(opcode); Put32(Token(str, TokString)); }
        public virtual void Emit(OpCode opcode, Type cls) {
            if (cls == null) throw new ArgumentNullException("cls");
            Op(opcode);
            Put32(Token(cls, TokType));
        }
        public virtual void Emit(OpCode opcode, MethodInfo meth) {
            if (meth == null) throw new ArgumentNullException("meth");
            if (meth is DynamicMethod && (opcode == OpCodes.Ldftn || opcode == OpCodes.Ldvirtftn || opcode == OpCodes.Ldtoken))
                throw new ArgumentException("Ldtoken, Ldftn and Ldvirtftn OpCodes cannot target DynamicMethods.");
            Op(opcode);
            Put32(Token(meth, TokMethod));
        }
        public virtual void Emit(OpCode opcode, ConstructorInfo con) {
            if (con == null) throw new ArgumentNullException("con");
            Op(opcode);
            Put32(Token(con, TokMethod));
        }
        public virtual void Emit(OpCode opcode, FieldInfo field) {
            if (field == null) throw new ArgumentNullException("field");
            Op(opcode);
            Put32(Token(field, TokField));
        }
        public virtual void Emit(OpCode opcode, Label label) {
            Op(opcode);
            int size = opcode.OperandType == OperandType.ShortInlineBrTarget ? 1 : 4;
            _fixups.Add(new int[] { _len, size, _len + size, label._label });
            for (int i = 0; i < size; i++) Put(0);
        }
        public virtual void Emit(OpCode opcode, Label[] labels) {
            if (labels == null) throw new ArgumentNullException("labels");
            Op(opcode);
            Put32(labels.Length);
            int end = _len + 4 * labels.Length;
            foreach (Label l in labels) {
                _fixups.Add(new int[] { _len, 4, end, l._label });
                Put32(0);
            }
        }
        public virtual void Emit(OpCode opcode, LocalBuilder local) {
            if (local == null) throw new ArgumentNullException("local");
            if (local._owner != this) throw new ArgumentException("Local passed in does not belong to this ILGenerator.");
            int i = local.LocalIndex;
            if (opcode == OpCodes.Ldloc || opcode == OpCodes.Stloc) {
                bool ld = opcode == OpCodes.Ldloc;
                if (i < 4) {
                    Op(ld ? (i == 0 ? OpCodes.Ldloc_0 : i == 1 ? OpCodes.Ldloc_1 : i == 2 ? OpCodes.Ldloc_2 : OpCodes.Ldloc_3)
                          : (i == 0 ? OpCodes.Stloc_0 : i == 1 ? OpCodes.Stloc_1 : i == 2 ? OpCodes.Stloc_2 : OpCodes.Stloc_3));
                    return;
                }
                if (i <= 255) { Op(ld ? OpCodes.Ldloc_S : OpCodes.Stloc_S); Put((byte)i); return; }
                Op(opcode);
                Put16(i);
                return;
            }
            if (opcode == OpCodes.Ldloca && i <= 255) { Op(OpCodes.Ldloca_S); Put((byte)i); return; }
            Op(opcode);
            if (opcode.OperandType == OperandType.ShortInlineVar) {
                if (i > 255) throw new InvalidOperationException("Opcodes using a short-form index cannot address a local position over 255.");
                Put((byte)i);
            } else {
                Put16(i);
            }
        }
        public virtual void EmitCall(OpCode opcode, MethodInfo methodInfo, Type[] optionalParameterTypes) { Emit(opcode, methodInfo); }
        public virtual void Emit(OpCode opcode, SignatureHelper signature) {
            if (signature == null) throw new ArgumentNullException("signature");
            Op(opcode);
            Put32(Token(signature, TokSig));
        }
        public virtual void EmitCalli(OpCode opcode, CallingConventions callingConvention, Type returnType, Type[] parameterTypes, Type[] optionalParameterTypes) {
            if (optionalParameterTypes != null && optionalParameterTypes.Length != 0)
                throw new InvalidOperationException("Calling convention must be VarArgs.");
            SignatureHelper sig = SignatureHelper.GetMethodSigHelper(callingConvention, returnType);
            if (parameterTypes != null) foreach (Type t in parameterTypes) sig.AddArgument(t);
            Emit(opcode, sig);
        }
        public virtual void EmitCalli(OpCode opcode, System.Runtime.InteropServices.CallingConvention unmanagedCallConv, Type returnType, Type[] parameterTypes) {
            throw new NotSupportedException("Unmanaged calli is not supported.");
        }

        public virtual void EmitWriteLine(string value) {
            Emit(OpCodes.Ldstr, value);
            Emit(OpCodes.Call, WriteLineFor(typeof(string)));
        }
        public virtual void EmitWriteLine(LocalBuilder localBuilder) {
            if (localBuilder == null) throw new ArgumentNullException("localBuilder");
            Emit(OpCodes.Ldloc, localBuilder);
            EmitWriteLineOf(localBuilder.LocalType);
        }
        public virtual void EmitWriteLine(FieldInfo fld) {
            if (fld == null) throw new ArgumentNullException("fld");
            if (fld.IsStatic) {
                Emit(OpCodes.Ldsfld, fld);
            } else {
                Emit(OpCodes.Ldarg_0);
                Emit(OpCodes.Ldfld, fld);
            }
            EmitWriteLineOf(fld.FieldType);
        }
        void EmitWriteLineOf(Type t) {
            MethodInfo m = WriteLineFor(t);
            if (m == null) {
                if (t.IsValueType) Emit(OpCodes.Box, t);
                m = WriteLineFor(typeof(object));
            }
            Emit(OpCodes.Call, m);
        }
        static MethodInfo WriteLineFor(Type t) { return typeof(Console).GetMethod("WriteLine", new Type[] { t }); }

        public virtual void ThrowException(Type excType) {
            if (excType == null) throw new ArgumentNullException("excType");
            if (!excType.IsSubclassOf(typeof(Exception)) && excType != typeof(Exception)) throw new ArgumentException("Type must be an exception type.");
            ConstructorInfo c = excType.GetConstructor(Type.EmptyTypes);
            if (c == null) throw new ArgumentException("Type must have a parameterless constructor.");
            Emit(OpCodes.Newobj, c);
            Emit(OpCodes.Throw);
        }

        public virtual LocalBuilder DeclareLocal(Type localType) { return DeclareLocal(localType, false); }
        public virtual LocalBuilder DeclareLocal(Type localType, bool pinned) {
            if (localType == null) throw new ArgumentNullException("localType");
            LocalBuilder l = new LocalBuilder(this, localType, _locals.Count, pinned);
            _locals.Add(l);
            return l;
        }
        public virtual Label DefineLabel() {
            _labels.Add(-1);
            return new Label(_labels.Count - 1);
        }
        public virtual void MarkLabel(Label loc) {
            if (loc._label < 0 || loc._label >= _labels.Count) throw new ArgumentException("Invalid Label.");
            if (_labels[loc._label] != -1) throw new ArgumentException("Label multiply defined.");
            _labels[loc._label] = _len;
        }
        public virtual void BeginScope() {}
        public virtual void EndScope() {}
        public virtual void UsingNamespace(string usingNamespace) {}

        // ---- exception blocks (the shapes .NET's ILGenerator produces) ----
        Block Open() {
            if (_blocks.Count == 0) throw new NotSupportedException("Not in an exception block.");
            return _blocks[_blocks.Count - 1];
        }
        public virtual Label BeginExceptionBlock() {
            Block b = new Block();
            b.TryStart = _len;
            b.End = DefineLabel();
            _blocks.Add(b);
            return b.End;
        }
        // Ends the try body or the current handler before a new handler.
        void CloseSection(Block b, bool leave) {
            if (leave) Emit(OpCodes.Leave, b.End);
            if (b.TryEnd < 0) b.TryEnd = _len;
            if (b.Current != null) b.Current[4] = _len;
        }
        void AddClause(Block b, int flags, int tryEnd, int extra) {
            b.Current = new int[] { flags, b.TryStart, tryEnd, _len, -1, extra };
            _clauses.Add(b.Current);
        }
        public virtual void BeginCatchBlock(Type exceptionType) {
            Block b = Open();
            if (b.State == 1) {
                // The handler of a filter: the filter's code ends here.
                Emit(OpCodes.Endfilter);
                b.Current[3] = _len;
                b.State = 2;
                return;
            }
            if (exceptionType == null) throw new ArgumentNullException("exceptionType");
            if (b.State >= 3) throw new InvalidOperationException("Catch block cannot follow a finally or fault block.");
            CloseSection(b, true);
            AddClause(b, 0, b.TryEnd, Token(exceptionType, TokType));
            b.State = 2;
        }
        public virtual void BeginExceptFilterBlock() {
            Block b = Open();
            if (b.State >= 3) throw new InvalidOperationException("Filter block cannot follow a finally or fault block.");
            CloseSection(b, true);
            AddClause(b, 1, b.TryEnd, _len);
            b.State = 1;
        }
        public virtual void BeginFinallyBlock() { BeginFinallyOrFault(2, 3); }
        public virtual void BeginFaultBlock() { BeginFinallyOrFault(4, 4); }
        void BeginFinallyOrFault(int flags, int state) {
            Block b = Open();
            if (b.State >= 3) throw new InvalidOperationException("Only one finally or fault block per exception block.");
            CloseSection(b, true);
            // After catch handlers the finally protects the try and the
            // handlers (the catch clauses nest inside it).
            AddClause(b, flags, _len, 0);
            b.State = state;
        }
        public virtual void EndExceptionBlock() {
            Block b = Open();
            if (b.State == 0) throw new InvalidOperationException("Incorrect code generation for exception block.");
            if (b.State == 1) throw new InvalidOperationException("Incorrect code generation for exception block.");
            if (b.State >= 3) Emit(OpCodes.Endfinally);
            else Emit(OpCodes.Leave, b.End);
            b.Current[4] = _len;
            MarkLabel(b.End);
            _blocks.RemoveAt(_blocks.Count - 1);
        }

        // The fat method body: header, code with patched branches, and the
        // exception section.
        internal byte[] Body(bool initLocals) {
            if (_blocks.Count != 0) throw new InvalidOperationException("Exception block not closed.");
            foreach (int[] f in _fixups) {
                int target = _labels[f[3]];
                if (target < 0) throw new ArgumentException("Label #" + (f[3] + 1) + " is not marked in method `" + _method.Name + "'");
                int rel = target - f[2];
                if (f[1] == 1) {
                    if (rel < -128 || rel > 127) throw new NotSupportedException("Illegal one-byte branch at position: " + (f[0] - 1) + ". Requested branch was: " + rel);
                    _code[f[0]] = (byte)rel;
                } else {
                    for (int i = 0; i < 4; i++) _code[f[0] + i] = (byte)(rel >> (8 * i));
                }
            }
            int codeEnd = 12 + _len;
            int sect = _clauses.Count == 0 ? 0 : ((codeEnd + 3) & ~3) - codeEnd + 4 + 24 * _clauses.Count;
            byte[] b = new byte[codeEnd + sect];
            int flags = 0x3003 | (initLocals ? 0x10 : 0) | (_clauses.Count != 0 ? 0x08 : 0);
            b[0] = (byte)flags; b[1] = (byte)(flags >> 8);
            b[2] = 0xff; b[3] = 0xff;
            Put32(b, 4, _len);
            Array.Copy(_code, 0, b, 12, _len);
            if (_clauses.Count != 0) {
                int p = (codeEnd + 3) & ~3;
                int size = 4 + 24 * _clauses.Count;
                b[p] = 0x41;
                b[p + 1] = (byte)size; b[p + 2] = (byte)(size >> 8); b[p + 3] = (byte)(size >> 16);
                p += 4;
                foreach (int[] c in _clauses) {
                    Put32(b, p, c[0]);
                    Put32(b, p + 4, c[1]);
                    Put32(b, p + 8, c[2] - c[1]);
                    Put32(b, p + 12, c[3]);
                    Put32(b, p + 16, c[4] - c[3]);
                    Put32(b, p + 20, c[5]);
                    p += 24;
                }
            }
            return b;
        }
        static void Put32(byte[] b, int p, int v) { for (int i = 0; i < 4; i++) b[p + i] = (byte)(v >> (8 * i)); }
    }

    // Signatures for calli (only method signatures are supported).
    public sealed class SignatureHelper {
        CallingConventions _conv;
        Type _ret;
        List<Type> _args = new List<Type>();
        SignatureHelper(CallingConventions conv, Type ret) { _conv = conv; _ret = ret == null ? typeof(void) : ret; }
        public static SignatureHelper GetMethodSigHelper(CallingConventions callingConvention, Type returnType) {
            return new SignatureHelper(callingConvention, returnType);
        }
        public static SignatureHelper GetMethodSigHelper(Module mod, CallingConventions callingConvention, Type returnType) {
            return new SignatureHelper(callingConvention, returnType);
        }
        public static SignatureHelper GetMethodSigHelper(Module mod, Type returnType, Type[] parameterTypes) {
            SignatureHelper s = new SignatureHelper(CallingConventions.Standard, returnType);
            if (parameterTypes != null) foreach (Type t in parameterTypes) s.AddArgument(t);
            return s;
        }
        public void AddArgument(Type clsArgument) {
            if (clsArgument == null) throw new ArgumentNullException("clsArgument");
            _args.Add(clsArgument);
        }
        public void AddArgument(Type argument, bool pinned) { AddArgument(argument); }
        public void AddArguments(Type[] arguments, Type[][] requiredCustomModifiers, Type[][] optionalCustomModifiers) {
            if (arguments != null) foreach (Type t in arguments) AddArgument(t);
        }
        public void AddSentinel() { throw new NotSupportedException("Variable arguments are not supported."); }
        public byte[] GetSignature() { throw new NotSupportedException("Signature blobs are not supported."); }
        // What the runtime reads: {hasThis, return type, parameter types...} as classes.
        internal IntPtr[] Klasses() {
            IntPtr[] k = new IntPtr[_args.Count + 2];
            k[0] = (_conv & CallingConventions.HasThis) != 0 ? (IntPtr)1 : IntPtr.Zero;
            k[1] = _ret.Klass;
            for (int i = 0; i < _args.Count; i++) k[i + 2] = _args[i].Klass;
            return k;
        }
    }

    public sealed class DynamicMethod : MethodInfo {
        string _name;
        Type _returnType;
        Type[] _parameters;
        IntPtr _ownerKlass;
        ILGenerator _il;
        bool _initLocals = true;
        MethodAttributes _attributes;
        ParameterBuilder[] _paramBuilders;
        // The runtime's method (null until the first CreateDelegate or Invoke).
        IntPtr _handle;
        bool _creating;

        [MethodImpl(MethodImplOptions.InternalCall)]
        static extern IntPtr CreateRecord(DynamicMethod key, IntPtr owner, string name, byte[] body, int[] kinds, object[] tokens, IntPtr[] handles, IntPtr[] paramKlasses, IntPtr retKlass, IntPtr[] localKlasses);
        [MethodImpl(MethodImplOptions.InternalCall)]
        static extern void FreeRecord(DynamicMethod key);

        public DynamicMethod(string name, Type returnType, Type[] parameterTypes) : this(name, returnType, parameterTypes, (Type)null, false) {}
        public DynamicMethod(string name, Type returnType, Type[] parameterTypes, bool restrictedSkipVisibility) : this(name, returnType, parameterTypes, (Type)null, restrictedSkipVisibility) {}
        public DynamicMethod(string name, Type returnType, Type[] parameterTypes, Module m) : this(name, returnType, parameterTypes, m, false) {}
        public DynamicMethod(string name, Type returnType, Type[] parameterTypes, Type owner) : this(name, returnType, parameterTypes, owner, false) {}
        public DynamicMethod(string name, Type returnType, Type[] parameterTypes, Module m, bool skipVisibility)
            : this(name, MethodAttributes.Public | MethodAttributes.Static, CallingConventions.Standard, returnType, parameterTypes, m, skipVisibility) {}
        public DynamicMethod(string name, Type returnType, Type[] parameterTypes, Type owner, bool skipVisibility)
            : this(name, MethodAttributes.Public | MethodAttributes.Static, CallingConventions.Standard, returnType, parameterTypes, owner, skipVisibility) {}
        public DynamicMethod(string name, MethodAttributes attributes, CallingConventions callingConvention, Type returnType, Type[] parameterTypes, Module m, bool skipVisibility) {
            Init(name, attributes, callingConvention, returnType, parameterTypes);
            if (m == null) throw new ArgumentNullException("m");
            RuntimeModule rm = m as RuntimeModule;
            if (rm == null) throw new ArgumentException("m");
            _ownerKlass = ReflectionCalls.GetModuleKlass(rm._klass);
        }
        public DynamicMethod(string name, MethodAttributes attributes, CallingConventions callingConvention, Type returnType, Type[] parameterTypes, Type owner, bool skipVisibility) {
            Init(name, attributes, callingConvention, returnType, parameterTypes);
            // Anonymously hosted methods belong to the corlib's module.
            _ownerKlass = owner != null ? owner.Klass : ReflectionCalls.GetModuleKlass(typeof(object).Klass);
        }
        void Init(string name, MethodAttributes attributes, CallingConventions callingConvention, Type returnType, Type[] parameterTypes) {
            if (name == null) throw new ArgumentNullException("name");
            if ((attributes & ~(MethodAttributes.Public | MethodAttributes.Static)) != 0 || (attributes & MethodAttributes.Static) == 0)
                throw new NotSupportedException("Only public static methods are supported");
            if (callingConvention != CallingConventions.Standard && callingConvention != CallingConventions.VarArgs)
                throw new NotSupportedException("Only Standard and VarArgs calling conventions are supported");
            _name = name;
            _attributes = attributes;
            _returnType = returnType == null ? typeof(void) : returnType;
            _parameters = parameterTypes == null ? Type.EmptyTypes : (Type[])parameterTypes.Clone();
            foreach (Type t in _parameters) if (t == null) throw new ArgumentException("Parameter types cannot be null.");
            _paramBuilders = new ParameterBuilder[_parameters.Length + 1];
        }
        ~DynamicMethod() {
            if (_handle != IntPtr.Zero) FreeRecord(this);
        }

        public override string Name { get { return _name; } }
        public override Type ReturnType { get { return _returnType; } }
        public override Type DeclaringType { get { return null; } }
        public override Type ReflectedType { get { return null; } }
        public override MethodAttributes Attributes { get { return _attributes; } }
        public override CallingConventions CallingConvention { get { return CallingConventions.Standard; } }
        public bool InitLocals { get { return _initLocals; } set { _initLocals = value; } }
        public override Module Module { get { return ReflectionCalls.TypeOf(_ownerKlass).Module; } }
        public override ParameterInfo ReturnParameter { get { return new ParameterInfo(this, _returnType, null, -1); } }
        public override MethodInfo GetBaseDefinition() { return this; }

        public ILGenerator GetILGenerator() { return GetILGenerator(64); }
        public ILGenerator GetILGenerator(int streamSize) {
            if (_il == null) _il = new ILGenerator(this);
            return _il;
        }
        public ParameterBuilder DefineParameter(int position, ParameterAttributes attributes, string parameterName) {
            if (position < 0 || position > _parameters.Length) throw new ArgumentOutOfRangeException("position");
            ParameterBuilder p = new ParameterBuilder(position, attributes, parameterName);
            _paramBuilders[position] = p;
            return p;
        }
        public override ParameterInfo[] GetParameters() {
            ParameterInfo[] ps = new ParameterInfo[_parameters.Length];
            for (int i = 0; i < ps.Length; i++) {
                ParameterBuilder b = _paramBuilders[i + 1];
                ps[i] = new ParameterInfo(this, _parameters[i], b == null ? null : b.Name, i);
                if (b != null) ps[i]._attrs = (ParameterAttributes)b.Attributes;
            }
            return ps;
        }

        // The runtime method for this IL (created once; the runtime decides
        // races between threads). Methods this one calls are created first.
        internal IntPtr Handle() {
            if (_handle != IntPtr.Zero) return _handle;
            if (_il == null) throw new InvalidOperationException("Method '" + _name + "' does not have a method body.");
            if (_creating) throw new NotSupportedException("Dynamic methods that call each other in a cycle are not supported.");
            _creating = true;
            try {
                int n = _il._tokens.Count;
                object[] tokens = _il._tokens.ToArray();
                IntPtr[] handles = new IntPtr[2 * n];
                for (int i = 0; i < n; i++) {
                    object t = tokens[i];
                    DynamicMethod dm = t as DynamicMethod;
                    // Zero stands for this method itself (recursion).
                    if (dm != null) handles[2 * i] = dm == this ? IntPtr.Zero : dm.Handle();
                    else if (t is RuntimeMethodInfo) handles[2 * i] = ((RuntimeMethodInfo)t)._handle;
                    else if (t is RuntimeConstructorInfo) handles[2 * i] = ((RuntimeConstructorInfo)t)._handle;
                    else if (t is RuntimeFieldInfo) { handles[2 * i] = ((RuntimeFieldInfo)t)._handle; handles[2 * i + 1] = ((RuntimeFieldInfo)t)._owner; }
                    else if (t is Type) handles[2 * i] = ((Type)t).Klass;
                    else if (t is SignatureHelper) tokens[i] = ((SignatureHelper)t).Klasses();
                    else if (!(t is string)) throw new NotSupportedException("Unsupported token " + t);
                }
                IntPtr[] ps = new IntPtr[_parameters.Length];
                for (int i = 0; i < ps.Length; i++) ps[i] = _parameters[i].Klass;
                IntPtr[] ls = new IntPtr[_il._locals.Count];
                for (int i = 0; i < ls.Length; i++) ls[i] = _il._locals[i].LocalType.Klass;
                _handle = CreateRecord(this, _ownerKlass, _name, _il.Body(_initLocals), _il._kinds.ToArray(), tokens, handles, ps, _returnType.Klass, ls);
                return _handle;
            } finally {
                _creating = false;
            }
        }

        public override Delegate CreateDelegate(Type delegateType) { return CreateDelegate(delegateType, null); }
        public override Delegate CreateDelegate(Type delegateType, object target) {
            if (delegateType == null) throw new ArgumentNullException("delegateType");
            // The runtime makes the delegate reference this object.
            return ReflectionCalls.NewDelegate(delegateType.Klass, target, Handle());
        }
        public override object Invoke(object obj, BindingFlags invokeAttr, Binder binder, object[] parameters, CultureInfo culture) {
            return ReflectionCalls.Invoke(this, Handle(), null, parameters, false);
        }
        public override string ToString() {
            return TypeNames.Short(_returnType) + " " + _name + "(" + TypeNames.Params(GetParameters()) + ")";
        }
    }
}
