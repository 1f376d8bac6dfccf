using System.Diagnostics;

namespace ByokAgent.Server.Operations;

/// <summary>
/// The one id of a request, shared by its log lines, its trace and its error body: the W3C trace id of the request's
/// activity when there is one (so a trace backend finds it as is), else ASP.NET Core's trace identifier.
/// </summary>
internal static class RequestIds
{
    /// <summary>The response header that carries the id to the client.</summary>
    public const string Header = "x-request-id";

    /// <summary>The logging scope property that carries it into every log line written during the request.</summary>
    public const string ScopeProperty = "request_id";

    /// <summary>Makes the request's id its <see cref="HttpContext.TraceIdentifier"/>, which everything else then reads.</summary>
    public static string Assign(HttpContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            context.TraceIdentifier = activity.TraceId.ToHexString();
        }

        return context.TraceIdentifier;
    }
}
