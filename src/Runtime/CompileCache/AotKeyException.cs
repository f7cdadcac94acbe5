namespace Mik.Durable.Runtime.CompileCache;

/// <summary>The <see cref="AotKey"/> file can be neither read nor created: no artifact can be verified or written.</summary>
internal sealed class AotKeyException(string path, Exception inner) : IOException($"cannot use the AOT key {path}: {inner.Message}", inner);
