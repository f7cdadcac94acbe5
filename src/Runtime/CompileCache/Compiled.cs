namespace Mik.Durable.Runtime.CompileCache;

/// <summary>What a compilation gives <see cref="AotCache"/>: the compiled module or component and its serialized form.</summary>
internal readonly record struct Compiled<T>(T Value, byte[] Serialized) where T : IDisposable;
