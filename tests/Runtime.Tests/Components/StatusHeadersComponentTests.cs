using System.Text;
using Mik.Durable.Runtime.Components;
using Mik.Durable.Runtime.Tests.Support;

namespace Mik.Durable.Runtime.Tests.Components;

/// <summary>
/// A component shapes its response through <c>wasi:http/types</c>: <c>set-status-code</c> and <c>fields.append</c>,
/// with mik's refusals (a framing header, a bad name, a status outside 100..599) as the interface's error cases.
/// </summary>
public sealed class StatusHeadersComponentTests(EngineFixture fixture)
{
    private static readonly byte[] StatusHeaders =
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "guests", "components", "status-headers.wasm"));

    [Fact]
    public void The_component_answers_201_with_its_headers_after_its_refused_changes_were_error_cases_and_no_content_length()
    {
        var engine = fixture.Engine;
        using var linker = new HttpComponentLinker(engine.NativeEngine);
        using var component = HttpComponent.Compile(engine.NativeEngine, "status-headers", StatusHeaders);

        var response = HttpComponentRunner.Run(engine, linker, component,
            new HttpIncomingRequest("GET", "/run/status-headers/", new HttpFields()), TimeSpan.FromSeconds(30), 16L * 1024 * 1024);

        // The guest traps unless connection was forbidden (append and delete), content-length taken (as
        // StarlingMonkey's JavaScript components send it), "x mik" invalid, status 600 refused and the response's
        // headers view immutable.
        Assert.Null(response.Failure);
        Assert.Equal(201, response.Status);
        // x-gone was appended, seen by has, deleted; x-set was set to two values; the response's headers view refused.
        // The guest's content-length is not sent on: Kestrel frames the body from the bytes written.
        Assert.Equal([("x-mik", "component"), ("x-set", "a"), ("x-set", "b")],
            response.Headers.Select(h => (h.Key, Encoding.ASCII.GetString(h.Value))));
        Assert.Equal("created\n", Encoding.UTF8.GetString(response.Body.Span));
    }

    [Theory]
    [InlineData("Keep-Alive", "5", "forbidden")]
    [InlineData("transfer-encoding", "chunked", "forbidden")]
    [InlineData("connection", "close", "forbidden")]
    [InlineData("x mik", "1", "invalid-syntax")]
    [InlineData("", "1", "invalid-syntax")]
    [InlineData("x-mik", "a\r\nb", "invalid-syntax")]
    [InlineData("x-mik", " padded", "invalid-syntax")]
    public void Fields_refuse_framing_headers_and_invalid_names_or_values(string name, string value, string refusal)
    {
        var fields = new HttpFields();

        Assert.Equal(refusal, fields.Append(name, Encoding.ASCII.GetBytes(value)));
        Assert.Empty(fields.Entries);
    }

    [Fact]
    public void Fields_take_a_content_length_the_guest_can_read_but_it_is_not_sent_on()
    {
        var fields = new HttpFields();

        Assert.Null(fields.Append("Content-Length", "5"u8.ToArray()));
        Assert.Null(fields.Append("x-a", "1"u8.ToArray()));
        Assert.Equal(["5"], fields.Values("content-length").Select(Encoding.ASCII.GetString));
        Assert.Equal(["x-a"], fields.ToSend().Select(e => e.Key));
    }

    [Fact]
    public void Set_replaces_every_value_and_delete_removes_them_unless_the_name_is_refused()
    {
        var fields = new HttpFields();
        fields.Append("x-a", "1"u8.ToArray());
        fields.Append("x-b", "2"u8.ToArray());
        fields.Append("X-A", "3"u8.ToArray());

        Assert.Null(fields.Set("x-a", ["4"u8.ToArray(), "5"u8.ToArray()]));
        Assert.Equal("forbidden", fields.Delete("transfer-encoding"));
        Assert.Equal("invalid-syntax", fields.Set("x-b", ["bad\n"u8.ToArray()]));
        Assert.Equal(["2"], fields.Values("x-b").Select(Encoding.ASCII.GetString));
        Assert.Null(fields.Delete("X-B"));
        Assert.Equal([("x-a", "4"), ("x-a", "5")], fields.Entries.Select(e => (e.Key, Encoding.ASCII.GetString(e.Value))));
        Assert.Equal("immutable", new HttpFields { Immutable = true }.Delete("x-a"));
    }

    [Fact]
    public void Immutable_fields_refuse_any_change_and_mutable_ones_keep_names_lowercase_in_order()
    {
        var request = new HttpFields { Immutable = true };
        var response = new HttpFields();

        Assert.Equal("immutable", request.Append("x-mik", "1"u8.ToArray()));
        Assert.Null(response.Append("X-Mik", "1"u8.ToArray()));
        Assert.Null(response.Append("x-mik", "2"u8.ToArray()));
        Assert.Equal(["x-mik", "x-mik"], response.Entries.Select(entry => entry.Key));
        Assert.Equal(["1", "2"], response.Entries.Select(entry => Encoding.ASCII.GetString(entry.Value)));
    }
}
