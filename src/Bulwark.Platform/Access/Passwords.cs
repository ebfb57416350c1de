using Bulwark.Platform.Data;
using Microsoft.AspNetCore.Identity;

namespace Bulwark.Platform.Access;

/// <summary>
/// Password hashing (ASP.NET Core Identity's PBKDF2) and the password policy. The policy follows NIST SP 800-63B:
/// length matters, composition rules do not; a password must not be the user name or a run of few characters.
/// </summary>
public static class Passwords
{
    public const int MinimumLength = 12;

    /// <summary>Longer passwords only cost hashing time; this bounds what one sign-in request can make us do.</summary>
    public const int MaximumLength = 1024;

    private static readonly PasswordHasher<User> Hasher = new();

    /// <summary>A hash of a random password: verified against when the user is unknown, so both cases take as long.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(new User { Username = "-", UsernameKey = "-" }, Guid.NewGuid().ToString("N"));

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    public static bool Verify(User? user, string password)
    {
        if (user?.PasswordHash is not { } hash)
        {
            Hasher.VerifyHashedPassword(new User { Username = "-", UsernameKey = "-" }, DummyHash, password);
            return false;
        }

        return Hasher.VerifyHashedPassword(user, hash, password) != PasswordVerificationResult.Failed;
    }

    /// <summary>Null when <paramref name="password"/> is acceptable for <paramref name="username"/>, else why not.</summary>
    public static string? Problem(string? password, string username)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "password: required";
        }

        if (password.Length < MinimumLength)
        {
            return $"password: must be at least {MinimumLength} characters";
        }

        if (password.Length > MaximumLength)
        {
            return $"password: must be at most {MaximumLength} characters";
        }

        if (password.Distinct().Count() < 5)
        {
            return "password: must contain at least 5 different characters";
        }

        if (password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            return "password: must not contain the user name";
        }

        return null;
    }
}
