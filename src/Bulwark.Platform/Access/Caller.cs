using Bulwark.Platform.Data;

namespace Bulwark.Platform.Access;

/// <summary>
/// Who is making a request: a user, possibly through a token that narrows what they can do (a project
/// token works on one project with one role; a read-only token never writes).
/// </summary>
public sealed record Caller(long UserId, string Username, bool IsAdmin, TokenScopes Scopes, long? TokenProjectId = null, Role? TokenProjectRole = null, long? TokenId = null)
{
    public bool CanWrite => Scopes.HasFlag(TokenScopes.Write);
}
