using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Mik.Durable.Domain.AuthFailures;

namespace Mik.Durable.Api.Auth;

/// <summary>
/// The admin API key (env <c>MIK_API_KEY</c>), kept only as its SHA-256. Comparing the hashes of the configured and
/// the sent key in constant time means neither the bytes nor the length of the key leak through response timing.
/// </summary>
internal sealed class AdminApiKey
{
    public const string Header = "X-API-Key";

    private readonly byte[] _hash;

    public AdminApiKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>Null when <paramref name="sent"/> is the key, else the <see cref="AuthFailureReasons"/> reason.</summary>
    public string? Check(StringValues sent)
    {
        if (sent.Count == 0 || (sent.Count == 1 && string.IsNullOrEmpty(sent[0]))) return AuthFailureReasons.MissingKey;
        // Two X-API-Key headers are a confused or probing client, never the key.
        if (sent.Count > 1) return AuthFailureReasons.InvalidKey;
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(sent[0]!), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash) ? null : AuthFailureReasons.InvalidKey;
    }
}
