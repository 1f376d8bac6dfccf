using System.Diagnostics;
using OpenTelemetry;

namespace ByokAgent.Observability;

/// <summary>
/// The last word on every span before it is exported: content attributes are dropped, URLs lose their query string and
/// user info (a Gemini or proxy URL may carry <c>?key=</c>), and error descriptions become the error type.
/// </summary>
/// <remarks>
/// Components already keep content out (sensitive data is off everywhere); this is the second fence, for a component that
/// a future version or a host's setting turns chatty. Added before any exporter, so exporters only see the result.
/// </remarks>
internal sealed class TelemetryRedactionProcessor : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = ["url.full", "http.url", "url.original"];
    private static readonly string[] DroppedTags = ["url.query", "http.request.header.authorization", "http.request.header.x-api-key", "http.request.header.api-key"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var name in GenAiAttributes.Content)
        {
            DropTag(data, name);
        }

        foreach (var name in DroppedTags)
        {
            DropTag(data, name);
        }

        foreach (var name in UrlTags)
        {
            if (data.GetTagItem(name) is string url)
            {
                data.SetTag(name, WithoutQuery(url));
            }
        }

        // An exception's message may quote a provider body, a prompt or a key; the type says enough.
        if (data.Status == ActivityStatusCode.Error && !string.IsNullOrEmpty(data.StatusDescription))
        {
            data.SetStatus(ActivityStatusCode.Error, data.GetTagItem(GenAiAttributes.ErrorType) as string ?? "error");
        }
    }

    /// <summary><paramref name="url"/> without query, fragment or user info.</summary>
    internal static string WithoutQuery(string url)
    {
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        }

        var cut = url.IndexOfAny(['?', '#']);
        return cut < 0 ? url : url[..cut];
    }

    private static void DropTag(Activity activity, string name)
    {
        if (activity.GetTagItem(name) is not null)
        {
            activity.SetTag(name, null);
        }
    }
}
