using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ByokAgent.Projects;
using ByokAgent.Server.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ByokAgent.Server.Tests.Reliability;

/// <summary>
/// Every route of the real server (over a raw socket, bytes exactly as a hostile client sends them) against malformed,
/// empty, oversized, deeply nested, wrongly typed and unicode-hostile bodies, hostile headers and hostile paths: each
/// gets its documented error, none a 500 or a stack trace, and the stored state is the same afterwards.
/// </summary>
public sealed class BadInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MaxFileBytes = 4096;
    private const string Json = "Content-Type: application/json";

    /// <summary>Every route, as routing lists it; <see cref="EveryRoute_IsInTheTable"/> keeps this complete.</summary>
    private static readonly ApiRoute[] Routes =
    [
        new("GET", "/healthz", RouteInput.Nothing, "/healthz", 200),
        new("GET", "/readyz", RouteInput.Nothing, "/readyz", 200),
        new("GET", "/openapi/{documentName}.json", RouteInput.Nothing, "/openapi/v1.json", 200),
        new("POST", "/v1/agent", RouteInput.Turn, "/v1/agent", 200),
        new("POST", "/v1/sessions/{sessionId}/messages", RouteInput.Turn, "/v1/sessions/{session}/messages", 200),
        new("POST", "/v1/sessions", RouteInput.Action, "/v1/sessions", 201),
        new("GET", "/v1/sessions", RouteInput.Nothing, "/v1/sessions", 200),
        new("GET", "/v1/sessions/{sessionId}", RouteInput.Nothing, "/v1/sessions/{session}", 200),
        new("DELETE", "/v1/sessions/{sessionId}", RouteInput.Nothing, "/v1/sessions/ses_missing", 404, "session_not_found"),
        new("GET", "/v1/project/llm", RouteInput.Nothing, "/v1/project/llm", 200),
        new("PUT", "/v1/project/llm", RouteInput.ModelConfig, "/v1/project/llm", 200),
        new("DELETE", "/v1/project/llm", RouteInput.Action, "/v1/project/llm", 200),
        new("GET", "/v1/files", RouteInput.Nothing, "/v1/files", 200),
        new("GET", "/v1/files/{*path}", RouteInput.Nothing, "/v1/files/notes/a.txt", 200),
        new("PUT", "/v1/files/{*path}", RouteInput.FileBytes, "/v1/files/notes/a.txt", 200),
        new("DELETE", "/v1/files/{*path}", RouteInput.Nothing, "/v1/files/missing.txt", 404, "file_not_found"),
        new("GET", "/v1/usage", RouteInput.Nothing, "/v1/usage", 200),
    ];

    private static readonly string[] StackTraceMarks = ["Exception", "   at ", ".cs:line", "System.", "Microsoft.", "ByokAgent."];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("byok-bad-input-").FullName;
    private FakeProvider _fake = null!;
    private ServerProcess _server = null!;
    private ProjectWithKey _project = null!;
    private ProjectWithKey _other = null!;
    private HttpClient _client = null!;
    private string _session = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Responder = _ => FakeReply.Text("fine");
        _project = await OfflineProjects.CreateAsync(_dataDirectory, "bad-input");
        _other = await OfflineProjects.CreateAsync(_dataDirectory, "hostile-text");
        _server = await ServerProcess.StartAsync(_dataDirectory, new Dictionary<string, string>
        {
            ["ByokAgent__Providers__MaxRetries"] = "0",
            ["ByokAgent__Plugins__Disabled__0"] = "browser",
            ["ByokAgent__Server__RequestsPerMinute"] = "0",
            ["ByokAgent__Files__MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        _client = Client(_project.ApiKey);

        // Something of everything, to be left exactly as it is: a model config, a session with a turn, a file.
        await (await _client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        _session = (await (await _client.PostAsync("/v1/agent", ApiJson.Turn("remember this"))).ShouldBeAsync(HttpStatusCode.OK)).Text("session_id");
        await (await _client.PutAsync("/v1/files/notes/a.txt", new StringContent("a note"))).ShouldBeAsync(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _fake.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    [Fact]
    public async Task EveryRoute_IsInTheTable()
    {
        await using var app = new ServerFactory();
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {e.RoutePattern.RawText}"))
            .ToList();

        routes.Should().BeEquivalentTo(Routes.Select(r => r.ToString()), "a new route needs its row in this table, so that its bad inputs are tested too");
    }

    [Fact]
    public async Task EveryRoute_RefusesEveryBadInput_WithItsDocumentedError_AndChangesNothing()
    {
        var before = await SnapshotAsync();
        var cases = Routes.SelectMany(CasesFor).ToList();
        var failures = new List<string>();
        foreach (var bad in cases)
        {
            var response = await RawHttp.SendAsync(_server.BaseAddress, bad.Method, bad.Target, bad.Headers, bad.Body, bad.ContentLength, bad.RawHeaderBytes, bad.HangUp);
            var problem = Judge(bad, response);
            output.WriteLine($"{(problem is null ? "ok  " : "FAIL")} {bad} -> {response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer"} {Code(response)}");
            if (problem is not null)
            {
                failures.Add($"{bad}: {problem}");
            }
        }

        failures.Should().BeEmpty($"each of {cases.Count} bad requests gets its documented answer");
        (await SnapshotAsync()).Should().Be(before, "no bad input changes stored state");
        _server.Output.Should().NotContain("Unexpected failure", "no request reached the 500 handler");
    }

    [Fact]
    public async Task HostileButValidText_IsStoredAndReturnedExactly()
    {
        // Not bad input: text a user may really send. It must arrive at the model, be stored and come back unchanged.
        using var client = Client(_other.ApiKey);
        await (await client.PutAsJsonAsync("/v1/project/llm", new { provider = "openai", api_key = ServerFactory.ProviderKey, api_host = _fake.OpenAIBaseUri.ToString(), model = "gpt-test" })).ShouldBeAsync(HttpStatusCode.OK);
        var hostile = "RTL:\u202egnp.exe BOM:\ufeff ZWJ:\u200d NUL:\0 emoji:\U0001F600 marks:" + string.Concat(Enumerable.Repeat("a\u0301\u0302", 2_000));

        var turn = await (await client.PostAsync("/v1/agent", ApiJson.Turn(hostile))).ShouldBeAsync(HttpStatusCode.OK);

        Conversation.Tail(_fake.Requests[^1]).LastUser.Should().Be(hostile);
        var stored = await (await client.GetAsync($"/v1/sessions/{turn.Text("session_id")}")).ShouldBeAsync(HttpStatusCode.OK);
        // The listed text shows a NUL as ␀ (stores cannot keep U+0000 in text); the conversation itself keeps it (payload).
        stored["messages"]![0]!.Text("content").Should().Be(hostile.Replace('\0', '\u2400'));
    }

    private IEnumerable<BadCase> CasesFor(ApiRoute route)
    {
        var path = route.Path.Replace("{session}", _session, StringComparison.Ordinal);
        var key = $"Authorization: Bearer {_project.ApiKey}";
        var normal = new Expected(route.Normal, route.NormalCode);

        foreach (var bad in BodyCases(route, path, key, normal))
        {
            yield return bad;
        }

        foreach (var bad in HeaderCases(route, path, key, normal))
        {
            yield return bad;
        }

        foreach (var bad in PathCases(route, key))
        {
            yield return bad;
        }
    }

    private static IEnumerable<BadCase> BodyCases(ApiRoute route, string path, string key, Expected normal)
    {
        var invalidBody = Expected.Api(400, "invalid_body");
        var tooLarge = Expected.Api(413, "message_too_large");
        var notJson = Expected.Api(415, "invalid_body");
        BadCase Body(string name, string body, params Expected[] allowed) => new(name, route.Method, path, [key, Json], Hostile.Utf8(body), allowed);
        switch (route.Input)
        {
            case RouteInput.Turn:
                yield return Body("malformed JSON", """{"message": "hi",""", invalidBody);
                yield return Body("not JSON", "message=hi", invalidBody);
                yield return new("empty body", route.Method, path, [key, Json], null, [Expected.Api(400, "missing_message")], ContentLength: "0");
                yield return new("wrong content-type", route.Method, path, [key, "Content-Type: text/plain"], Hostile.Utf8("""{"message": 5}"""), [notJson]);
                yield return new("no content-type", route.Method, path, [key], Hostile.Utf8("""{"message": 5}"""), [invalidBody]);
                yield return new("oversized body", route.Method, path, [key, Json], Hostile.Oversized("message", 1_200_000), [tooLarge]);
                yield return new("1 MB of combining marks", route.Method, path, [key, Json], Hostile.MegabyteOfCombiningMarks(), [tooLarge]);
                yield return Body("deeply nested unknown field", $$"""{"message": "hi", "session_id": "ses_missing", "x": {{Hostile.Nested("1")}}}""", invalidBody);
                yield return Body("deeply nested message", $$"""{"message": {{Hostile.Nested("\"hi\"")}}}""", invalidBody);
                yield return new("invalid UTF-8", route.Method, path, [key, Json], [.. "{\"message\": \""u8, 0xFF, 0xFE, .. "\"}"u8], [invalidBody]);
                foreach (var (name, body) in new[]
                {
                    ("number for message", """{"message": 5}"""),
                    ("array for message", """{"message": ["hi"]}"""),
                    ("object for message", """{"message": {"text": "hi"}}"""),
                    ("bool for message", """{"message": true}"""),
                    ("array for session_id", """{"message": "hi", "session_id": ["ses_1"]}"""),
                    ("number for session_id", """{"message": "hi", "session_id": 5}"""),
                    ("string for stream", """{"message": "hi", "stream": "yes"}"""),
                    ("number for stream", """{"message": "hi", "stream": 1}"""),
                    ("array body", """["hi"]"""),
                    ("string body", "\"hi\""),
                })
                {
                    yield return Body(name, body, invalidBody);
                }

                yield return Body("null body", "null", Expected.Api(400, "missing_message"));
                if (route.Template == "/v1/agent")
                {
                    foreach (var (name, text, decodable) in Hostile.Strings)
                    {
                        // A lone surrogate cannot be decoded into text at all: the body is invalid. The rest is text, naming no session.
                        var refused = decodable ? Expected.Api(404, "session_not_found") : invalidBody;
                        yield return Body($"{name} in session_id", $$"""{"message": "hi", "session_id": "{{text}}"}""", refused);
                        yield return Body($"{name} in message, missing session", $$"""{"message": "{{text}}", "session_id": "ses_missing"}""", refused);
                    }
                }

                break;

            case RouteInput.ModelConfig:
                yield return Body("malformed JSON", """{"provider": "openai",""", invalidBody);
                yield return new("empty body", route.Method, path, [key, Json], null, [invalidBody], ContentLength: "0");
                yield return new("wrong content-type", route.Method, path, [key, "Content-Type: text/plain"], Hostile.Utf8("""{"provider": "openai", "model": "m"}"""), [notJson]);
                yield return new("no content-type", route.Method, path, [key], Hostile.Utf8("""{"provider": "openai", "model": "m"}"""), [invalidBody]);
                yield return new("oversized body", route.Method, path, [key, Json], Hostile.Oversized("model", 1_200_000), [tooLarge]);
                yield return Body("deeply nested extras", $$$"""{"provider": "openai", "model": "m", "extras": {"a": {{{Hostile.Nested("1")}}}}}""", invalidBody);
                foreach (var (name, body) in new[]
                {
                    ("number for provider", """{"provider": 5, "model": "m"}"""),
                    ("array for model", """{"provider": "openai", "model": ["m"]}"""),
                    ("array for extras", """{"provider": "openai", "model": "m", "extras": [1]}"""),
                    ("number in extras", """{"provider": "openai", "model": "m", "extras": {"a": 1}}"""),
                    ("string for headers", """{"provider": "openai", "model": "m", "headers": "x"}"""),
                    ("object for api_key", """{"provider": "openai", "model": "m", "api_key": {}}"""),
                    ("array body", "[]"),
                    ("null body", "null"),
                    ("missing model", """{"provider": "openai"}"""),
                })
                {
                    yield return Body(name, body, invalidBody);
                }

                foreach (var (name, text, decodable) in Hostile.Strings)
                {
                    yield return Body($"{name} as provider", $$"""{"provider": "{{text}}", "model": "m", "api_key": "k"}""", decodable ? Expected.Api(422, "invalid_config") : invalidBody);
                }

                break;

            case RouteInput.FileBytes:
                yield return new("oversized file", route.Method, path, [key, "Content-Type: application/octet-stream"], new byte[MaxFileBytes * 2], [Expected.Api(413, "file_too_large")]);
                break;

            case RouteInput.Nothing:
                // A body where none is read: ignored, the route answers as usual.
                yield return Body("malformed JSON body", """{"message": "hi",""", normal);
                yield return Body("deeply nested body", Hostile.Nested("1"), normal);
                break;
        }
    }

    private static IEnumerable<BadCase> HeaderCases(ApiRoute route, string path, string key, Expected normal)
    {
        var unauthorized = route.NeedsKey ? Expected.Api(401, "invalid_api_key") : normal;
        var kestrel400 = Expected.Kestrel(400);
        yield return new("Authorization without a key", route.Method, path, ["Authorization: Bearer"], null, [unauthorized]);
        yield return new("Authorization Basic", route.Method, path, ["Authorization: Basic dXNlcjpwYXNz"], null, [unauthorized]);
        yield return new("Authorization twice", route.Method, path, [key, "Authorization: Bearer sk-byok_other"], null, [unauthorized]);
        yield return new("Authorization 20 KB", route.Method, path, ["Authorization: Bearer sk-byok_" + new string('x', 20_000)], null, [unauthorized]);
        yield return new("Authorization 64 KB", route.Method, path, ["Authorization: Bearer sk-byok_" + new string('x', 64_000)], null, [Expected.Kestrel(431)]);
        yield return new("Authorization non-ASCII", route.Method, path, [], null, [kestrel400, unauthorized], RawHeaderBytes: [.. "Authorization: Bearer sk-byok_"u8, 0xC3, 0xA9, 0xE2, 0x80, 0xAE, .. "\r\n"u8]);
        yield return new("Authorization with control characters", route.Method, path, [], null, [kestrel400], RawHeaderBytes: [.. "Authorization: Bearer sk-byok_\u0001\u0000x\r\n"u8]);
        yield return new("Content-Length garbage", route.Method, path, [key], null, [kestrel400], ContentLength: "abc");
        yield return new("Content-Length negative", route.Method, path, [key], null, [kestrel400], ContentLength: "-1");
        yield return new("Content-Length overflow", route.Method, path, [key], null, [kestrel400], ContentLength: "99999999999999999999999");
        if (route.Input is not (RouteInput.Action or RouteInput.FileBytes))
        {
            // Both framings at once: Transfer-Encoding wins (RFC 9112), so the body is "hello", which is not JSON.
            var chunked = route.Input is RouteInput.Nothing ? normal : Expected.Api(400, "invalid_body");
            yield return new("Content-Length and chunked", route.Method, path, [key, Json, "Transfer-Encoding: chunked"], Hostile.Utf8("5\r\nhello\r\n0\r\n\r\n"), [kestrel400, chunked]);

            // The client promises more than it sends, then hangs up: whatever the server had started must leave nothing behind.
            yield return new("body shorter than Content-Length", route.Method, path, [key, Json], Hostile.Utf8("""{"message": "h"""), [Expected.Api(400, "invalid_body"), normal], ContentLength: "1000", HangUp: true);
        }
    }

    private IEnumerable<BadCase> PathCases(ApiRoute route, string key)
    {
        var ids = new (string Name, string Segment)[]
        {
            ("percent-encoded traversal", "..%2F..%2Fetc%2Fpasswd"),
            ("encoded dots", "%2e%2e%2f%2e%2e%2fsecret"),
            ("%00", "%00"),
            ("NUL inside", "ses_%00x"),
            ("very long id", new string('a', 7_000)),
            ("emoji", "%F0%9F%98%80"),
            ("RTL override", "ses_%E2%80%AEgnp"),
            ("invalid UTF-8", "%C3%28%FF"),
            ("broken escape", "ses_%zz%"),
            ("spaces and quotes", "ses%20%22%3Cx%3E"),
        };
        var body = route.Input is RouteInput.Turn ? Hostile.Utf8("""{"message": "hi"}""") : null;
        switch (route.Template)
        {
            case "/v1/sessions/{sessionId}" or "/v1/sessions/{sessionId}/messages":
                foreach (var (name, segment) in ids)
                {
                    var target = route.Template.Replace("{sessionId}", segment, StringComparison.Ordinal);
                    yield return new($"{name} as session id", route.Method, target, [key, Json], body, [Expected.Api(404, "session_not_found"), Expected.Kestrel(400)]);
                }

                yield return new("id past the request-line limit", route.Method, route.Template.Replace("{sessionId}", new string('a', 10_000), StringComparison.Ordinal), [key, Json], body, [Expected.Kestrel(414)]);
                if (route.Method == "GET")
                {
                    foreach (var query in new[] { "limit=ten", "limit=99999999999", "offset=%00", "limit=1e3" })
                    {
                        yield return new($"query {query}", route.Method, $"/v1/sessions/{_session}?{query}", [key], null, [Expected.Api(400, "invalid_body")]);
                    }
                }

                break;

            case "/v1/files/{*path}":
                var invalid = Expected.Api(400, "invalid_path");
                var files = new (string Name, string Path, Expected[] Allowed)[]
                {
                    ("percent-encoded traversal", "..%2F..%2Fetc%2Fpasswd", [invalid]),
                    ("traversal inside", "notes%2F..%2F..%2F..%2Fetc%2Fpasswd", [invalid]),
                    ("backslash traversal", "..%5C..%5Cwin.ini", [invalid, Expected.Api(404, "file_not_found")]),
                    ("NUL inside", "a%00b.txt", [invalid, Expected.Kestrel(400)]),
                    ("%00", "%00", [invalid, Expected.Kestrel(400)]),
                    ("absolute", "%2Fetc%2Fpasswd", [invalid]),
                    ("name past the file system's limit", new string('x', 300) + ".txt", [invalid]),
                    ("path past the file system's limit", string.Concat(Enumerable.Repeat("d/", 2_100)) + "f", [invalid]),
                    ("control characters", "a%01%1Fb.txt", [invalid, Expected.Api(404, "file_not_found")]),
                    ("invalid UTF-8", "%C3%28%FF.txt", [invalid, Expected.Api(404, "file_not_found"), Expected.Kestrel(400)]),
                };
                foreach (var (name, filePath, allowed) in files)
                {
                    // An upload to a bad path is refused like any other request to it; nothing is written anywhere.
                    yield return new($"{name} as file path", route.Method, $"/v1/files/{filePath}", [key, "Content-Type: application/octet-stream"],
                        route.Method == "PUT" ? Hostile.Utf8("payload") : null, allowed);
                }

                if (route.Method != "PUT")
                {
                    yield return new("emoji file name", route.Method, "/v1/files/%F0%9F%98%80.txt", [key], null, [Expected.Api(404, "file_not_found")]);
                    yield return new("RTL override file name", route.Method, "/v1/files/a%E2%80%AEtxt.exe", [key], null, [Expected.Api(404, "file_not_found")]);
                }

                break;

            case "/v1/files":
                foreach (var (query, expected) in new[]
                {
                    ("path=..%2F..", Expected.Api(400, "invalid_path")),
                    ("path=%00", Expected.Api(400, "invalid_path")),
                    ("path=" + new string('x', 300), Expected.Api(400, "invalid_path")),
                    ("recursive=maybe", Expected.Api(400, "invalid_body")),
                })
                {
                    yield return new($"query {query[..Math.Min(20, query.Length)]}", route.Method, $"/v1/files?{query}", [key], null, [expected]);
                }

                break;

            case "/v1/usage":
                foreach (var query in new[] { "from=yesterday", "from=2026-13-45", "from=%00", "to=%E2%80%AE", "from=2026-02-01&to=2026-01-01", "from=" + new string('9', 400) })
                {
                    yield return new($"query {query[..Math.Min(24, query.Length)]}", route.Method, $"/v1/usage?{query}", [key], null, [Expected.Api(400, "invalid_query")]);
                }

                break;

            case "/v1/sessions" when route.Method == "GET":
                foreach (var query in new[] { "limit=ten", "limit=99999999999", "offset=%00", "limit=%E2%80%AE" })
                {
                    yield return new($"query {query}", route.Method, $"/v1/sessions?{query}", [key], null, [Expected.Api(400, "invalid_body")]);
                }

                break;
        }
    }

    private static string? Judge(BadCase bad, RawResponse? response)
    {
        if (response is null)
        {
            return bad.HangUp ? null : "no HTTP answer at all";
        }

        if (response.Status >= 500)
        {
            return $"{response.Status}: {Trim(response.Body)}";
        }

        // Errors only: a successful answer may name types (the OpenAPI document does).
        if (response.Status >= 400 && StackTraceMarks.FirstOrDefault(mark => response.Body.Contains(mark, StringComparison.Ordinal)) is { } leak)
        {
            return $"the body shows '{leak}': {Trim(response.Body)}";
        }

        var code = Code(response);
        var match = bad.Allowed.FirstOrDefault(e => e.Status == response.Status && (e.Code is null ? response.Body.Length == 0 || code is null : e.Code == code));
        if (match is null)
        {
            return $"expected {string.Join(" or ", bad.Allowed)}, got {response.Status} {code ?? Trim(response.Body)}";
        }

        if (match.Code is not null && response.Status >= 400 && response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return $"an API error must be JSON, got {response.ContentType}";
        }

        return null;
    }

    private static string? Code(RawResponse? response)
    {
        if (response is null || response.Body.Length == 0 || response.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(response.Body)?["error"]?["code"]?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Trim(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // Everything the project has: its sessions (with counts and times), its model, its files and their bytes.
    private async Task<string> SnapshotAsync()
    {
        var sessions = await (await _client.GetAsync("/v1/sessions?limit=100")).ShouldBeAsync(HttpStatusCode.OK);
        var messages = await (await _client.GetAsync($"/v1/sessions/{_session}?limit=100")).ShouldBeAsync(HttpStatusCode.OK);
        var model = await (await _client.GetAsync("/v1/project/llm")).ShouldBeAsync(HttpStatusCode.OK);
        var files = await (await _client.GetAsync("/v1/files?recursive=true")).ShouldBeAsync(HttpStatusCode.OK);
        var contents = new List<string>();
        foreach (var file in files["data"]!.AsArray().OfType<JsonNode>().Where(f => f.Text("object") == "file"))
        {
            contents.Add($"{file.Text("path")}={await _client.GetStringAsync($"/v1/files/{file.Text("path")}")}");
        }

        var onDisk = Directory.EnumerateFiles(_dataDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("byok.db", StringComparison.Ordinal))
            .Select(f => $"{Path.GetRelativePath(_dataDirectory, f)}:{new FileInfo(f).Length}")
            .Order(StringComparer.Ordinal);
        return string.Join('\n', [sessions.ToJsonString(), messages.ToJsonString(), model.ToJsonString(), files.ToJsonString(), .. contents, .. onDisk]);
    }

    private HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = _server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}
