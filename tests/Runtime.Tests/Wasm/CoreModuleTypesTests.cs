using Mik.Durable.Runtime.Wasm;
using Wasmtime;

namespace Mik.Durable.Runtime.Tests.Wasm;

/// <summary>
/// Modules whose types Wasmtime's C API cannot list used to abort the whole process when compiled (found by the upload
/// fuzz target; fuzz/corpus/upload keeps each input). Now they are refused like a module that does not compile.
/// </summary>
public sealed class CoreModuleTypesTests
{
    // The fuzzer's input: a function import (from an unknown module) returning exnref.
    private static readonly byte[] ExnrefImport = Convert.FromHexString("0061736d01000000010c0260047f7f7f7f01696000000223011677617369686868686868686f740070726576696577310866645f7772697465000003030201010503010001071d03066d656d6f72790200067b73746172740001075f726f7574657300020a3a021b00410041403602004104412c360001410141004101410810001a0b1c0041004180023602004104411c360200410141004101410810001a0b0b540200413e0b2c436f6e74656e742d547970654620746578742f706c61696e0a0a68656c6c6f2066726f6d205f73746172740a004180020b1c2f68656c566f205f73746172740a2f6f74686572205f73746172740a");

    // (func (export "f") (param anyref))
    private static readonly byte[] AnyrefParam = Convert.FromHexString("0061736d0100000001050160016e0003020100070501016600000a040102000b");

    // (global i32 (i32.const 1)) (global (export "n") nullref (ref.null none))
    private static readonly byte[] NullrefGlobal = Convert.FromHexString("0061736d01000000060b027f0041010b7100d0710b070501016e0301");

    // (global (export "g") i32 (i32.const 1)) (global (export "h") externref (ref.null extern))
    private static readonly byte[] AllowedGlobals = Convert.FromHexString("0061736d01000000060b027f0041010b6f00d06f0b0709020167030001680301");

    public static TheoryData<string> Refused => new() { nameof(ExnrefImport), nameof(AnyrefParam), nameof(NullrefGlobal) };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_module_with_reference_types_the_C_API_cannot_list_is_refused_as_not_compiling(string which)
    {
        using var engine = new WasmEngine();
        var bytes = which switch
        {
            nameof(ExnrefImport) => ExnrefImport,
            nameof(AnyrefParam) => AnyrefParam,
            _ => NullrefGlobal,
        };

        var error = Assert.Throws<WasmtimeException>(() => engine.Compile("hostile", bytes));

        Assert.Contains("reference types mik cannot run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Funcref_and_externref_globals_still_compile()
    {
        using var engine = new WasmEngine();

        using var module = engine.Compile("globals", AllowedGlobals);

        Assert.Equal(["g", "h"], module.Exports.Select(e => e.Name));
    }
}
