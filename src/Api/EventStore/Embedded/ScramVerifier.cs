using System.Security.Cryptography;
using System.Text;

namespace Mik.Durable.Api.EventStore.Embedded;

/// <summary>
/// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, PostgreSQL's text form). Roles are
/// given verifiers, never the password itself, so a password cannot end up in <c>postgres.log</c> with a failed
/// statement's text.
/// </summary>
internal static class ScramVerifier
{
    private const int Iterations = 4096;

    public static string For(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var storedKey = SHA256.HashData(HMACSHA256.HashData(salted, "Client Key"u8));
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
