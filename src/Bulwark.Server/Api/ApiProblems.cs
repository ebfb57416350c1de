using Microsoft.AspNetCore.Http;

namespace Bulwark.Server.Api;

/// <summary>RFC 9457 problem details with a message that names what was wrong.</summary>
public static class ApiProblems
{
    public static IResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "Bad request", detail);

    public static IResult Unauthorized() => Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "a valid access token or session is required");

    public static IResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static IResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);

    public static IResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict", detail);

    public static IResult TooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "Report too large", detail);

    public static IResult Unsupported(string detail) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported report format", detail);

    public static IResult Unprocessable(string detail) => Problem(StatusCodes.Status422UnprocessableEntity, "Report rejected", detail);

    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title);
}
