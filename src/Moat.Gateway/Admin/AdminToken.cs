using System.Security.Cryptography;
using System.Text;

namespace Moat.Gateway.Admin;

/// <summary>
/// Checks the admin bearer token in constant time: both sides are hashed to 32 bytes first, so
/// neither the content nor the length of the token leaks through response timing.
/// </summary>
public sealed class AdminToken
{
    private readonly byte[]? _digest;

    public AdminToken(string? token) =>
        _digest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Configured => _digest is not null;

    public bool Accepts(string? authorizationHeader)
    {
        if (_digest is null || authorizationHeader is null) return false;
        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader.AsSpan(7).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest);
    }
}
