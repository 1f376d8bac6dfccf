namespace ByokAgent.Testing.Scripting;

/// <summary>What a <see cref="FakeReply"/> carries, which decides who renders it.</summary>
internal enum FakeReplyKind
{
    /// <summary>Assistant text, rendered in the wire format of the endpoint that was called.</summary>
    Text,

    /// <summary>Tool calls, rendered in the wire format of the endpoint that was called.</summary>
    ToolCalls,

    /// <summary>Status, headers and body sent as given, whatever the wire (errors, replayed fixtures).</summary>
    Raw,
}
