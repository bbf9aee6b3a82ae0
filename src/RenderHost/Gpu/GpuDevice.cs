using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ArrHost.RenderHost.Vulkan;

namespace ArrHost.RenderHost.Gpu;

/// <summary>
/// One Vulkan instance + logical device + graphics queue, and the factory for every GPU resource.
/// Raw handles stay inside the Gpu layer. Not thread-safe: resource creation and submission happen
/// on the renderer's device thread (or before it starts).
/// </summary>
internal sealed unsafe class GpuDevice : IDisposable
{
    private readonly VkGlobalApi _global;
    private readonly VkDebugUtilsMessengerEXT _messenger;
    private readonly GCHandle _self;
    private readonly ConcurrentQueue<string> _validationMessages = new();
    private readonly Action<string>? _onValidation;
    private readonly VkPhysicalDeviceMemoryProperties _memory;
    private long _allocatedBytes;
    private bool _disposed;

    internal VkInstanceApi Vki { get; }
    internal VkDeviceApi Vkd { get; }
    internal VkInstance Instance { get; }
    internal VkPhysicalDevice PhysicalDevice { get; }
    internal VkDevice Device { get; }
    internal VkQueue Queue { get; }
    internal uint QueueFamily { get; }
    internal VkPhysicalDeviceLimits Limits { get; }

    public DeviceInfo Info { get; }
    public IReadOnlyList<DeviceInfo> AllDevices { get; }
    public bool ValidationEnabled { get; }
    internal bool UploadThroughStaging { get; }

    /// <summary>Validation-layer messages (warnings and errors) since the device was created.</summary>
    public IReadOnlyCollection<string> ValidationMessages => _validationMessages;

    /// <summary>Returns and forgets the validation messages collected so far.</summary>
    public IReadOnlyList<string> DrainValidationMessages()
    {
        var list = new List<string>();
        while (_validationMessages.TryDequeue(out var m)) list.Add(m);
        return list;
    }

    /// <summary>Bytes of device memory currently allocated by this device's resources.</summary>
    public long MemoryInUse => Interlocked.Read(ref _allocatedBytes);

    public GpuDevice(GpuDeviceOptions? options = null)
    {
        options ??= new GpuDeviceOptions();
        _onValidation = options.ValidationMessage;
        UploadThroughStaging = options.UploadThroughStaging;
        _self = GCHandle.Alloc(this, GCHandleType.Weak);
        _global = VulkanLoader.LoadGlobal();
        var layers = new List<string>();
        var extensions = new List<string>();
        if (options.EnableValidation)
        {
            if (!HasLayer("VK_LAYER_KHRONOS_validation"))
                throw new InvalidOperationException("Validation requested but VK_LAYER_KHRONOS_validation is not installed (apt-get install vulkan-validationlayers).");
            layers.Add("VK_LAYER_KHRONOS_validation");
            extensions.Add("VK_EXT_debug_utils");
            ValidationEnabled = true;
        }

        using var strings = new NativeStrings();
        var appName = strings.Get("arr-renderhost");
        var app = new VkApplicationInfo
        {
            pApplicationName = appName,
            applicationVersion = 1,
            pEngineName = appName,
            engineVersion = 1,
            apiVersion = Vk.ApiVersion13,
        };
        var layerPtrs = stackalloc byte*[Math.Max(layers.Count, 1)];
        for (var i = 0; i < layers.Count; i++) layerPtrs[i] = strings.Get(layers[i]);
        var extPtrs = stackalloc byte*[Math.Max(extensions.Count, 1)];
        for (var i = 0; i < extensions.Count; i++) extPtrs[i] = strings.Get(extensions[i]);
        var messengerInfo = MessengerCreateInfo();
        var instanceInfo = new VkInstanceCreateInfo
        {
            pApplicationInfo = &app,
            enabledLayerCount = (uint)layers.Count,
            ppEnabledLayerNames = layerPtrs,
            enabledExtensionCount = (uint)extensions.Count,
            ppEnabledExtensionNames = extPtrs,
            pNext = options.EnableValidation ? &messengerInfo : null,
        };
        VkInstance instance;
        _global.vkCreateInstance(&instanceInfo, null, &instance);
        Instance = instance;
        Vki = VulkanLoader.LoadInstance(instance);
        try
        {
            if (options.EnableValidation)
            {
                VkDebugUtilsMessengerEXT messenger;
                Vki.vkCreateDebugUtilsMessengerEXT(instance, &messengerInfo, null, &messenger);
                _messenger = messenger;
            }

            var (physicals, infos) = EnumerateDevices();
            AllDevices = infos;
            var selector = options.Device ?? Environment.GetEnvironmentVariable(GpuDeviceOptions.DeviceEnvironmentVariable);
            var chosen = DeviceSelection.Select(infos, selector);
            PhysicalDevice = physicals[chosen];
            Info = infos[chosen];

            VkPhysicalDeviceProperties props;
            Vki.vkGetPhysicalDeviceProperties(PhysicalDevice, &props);
            Limits = props.limits;
            VkPhysicalDeviceMemoryProperties mem;
            Vki.vkGetPhysicalDeviceMemoryProperties(PhysicalDevice, &mem);
            _memory = mem;

            QueueFamily = FindGraphicsQueue();
            var priority = 1f;
            var queueInfo = new VkDeviceQueueCreateInfo { queueFamilyIndex = QueueFamily, queueCount = 1, pQueuePriorities = &priority };
            var deviceInfo = new VkDeviceCreateInfo { queueCreateInfoCount = 1, pQueueCreateInfos = &queueInfo };
            VkDevice device;
            Vki.vkCreateDevice(PhysicalDevice, &deviceInfo, null, &device);
            Device = device;
            Vkd = VulkanLoader.LoadDevice(instance, device);
            VkQueue queue;
            Vkd.vkGetDeviceQueue(device, QueueFamily, 0, &queue);
            Queue = queue;
            options.Log?.Invoke("Vulkan device: " + Info);
        }
        catch
        {
            DestroyInstance();
            _self.Free();
            throw;
        }
    }

    private bool HasLayer(string name)
    {
        uint count;
        _global.vkEnumerateInstanceLayerProperties(&count, null);
        var props = new VkLayerProperties[count];
        fixed (VkLayerProperties* p = props) _global.vkEnumerateInstanceLayerProperties(&count, p);
        for (var i = 0; i < count; i++)
            fixed (byte* n = props[i].layerName)
                if (Marshal.PtrToStringUTF8((nint)n) == name) return true;
        return false;
    }

    private VkDebugUtilsMessengerCreateInfoEXT MessengerCreateInfo() => new()
    {
        messageSeverity = VkDebugUtilsMessageSeverityFlagsEXT.Warning | VkDebugUtilsMessageSeverityFlagsEXT.Error,
        messageType = VkDebugUtilsMessageTypeFlagsEXT.General | VkDebugUtilsMessageTypeFlagsEXT.Validation | VkDebugUtilsMessageTypeFlagsEXT.Performance,
        pfnUserCallback = &OnDebugMessage,
        pUserData = (void*)GCHandle.ToIntPtr(_self),
    };

    [UnmanagedCallersOnly]
    private static VkBool32 OnDebugMessage(VkDebugUtilsMessageSeverityFlagsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
        VkDebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        if (userData == null) return VkBool32.False;
        if (GCHandle.FromIntPtr((nint)userData).Target is not GpuDevice self) return VkBool32.False;
        var message = $"[{severity}/{types}] {Marshal.PtrToStringUTF8((nint)data->pMessage)}";
        self._validationMessages.Enqueue(message);
        self._onValidation?.Invoke(message);
        return VkBool32.False;
    }

    private (VkPhysicalDevice[] Devices, DeviceInfo[] Infos) EnumerateDevices()
    {
        uint count;
        Vki.vkEnumeratePhysicalDevices(Instance, &count, null);
        var devices = new VkPhysicalDevice[count];
        fixed (VkPhysicalDevice* p = devices) Vki.vkEnumeratePhysicalDevices(Instance, &count, p);
        var infos = new DeviceInfo[count];
        for (var i = 0; i < count; i++)
        {
            VkPhysicalDeviceProperties props;
            Vki.vkGetPhysicalDeviceProperties(devices[i], &props);
            string driverName = "", driverInfo = Vk.VersionString(props.driverVersion);
            if (props.apiVersion >= Vk.MakeApiVersion(0, 1, 2, 0))
            {
                var driver = new VkPhysicalDeviceDriverProperties();
                var props2 = new VkPhysicalDeviceProperties2 { pNext = &driver };
                Vki.vkGetPhysicalDeviceProperties2(devices[i], &props2);
                driverName = Marshal.PtrToStringUTF8((nint)driver.driverName) ?? "";
                driverInfo = Marshal.PtrToStringUTF8((nint)driver.driverInfo) ?? "";
            }
            VkPhysicalDeviceMemoryProperties mem;
            Vki.vkGetPhysicalDeviceMemoryProperties(devices[i], &mem);
            ulong local = 0;
            for (var h = 0; h < mem.memoryHeapCount; h++)
                if ((mem.memoryHeaps[h].flags & VkMemoryHeapFlags.DeviceLocal) != 0) local += mem.memoryHeaps[h].size;
            var kind = props.deviceType switch
            {
                VkPhysicalDeviceType.DiscreteGpu => GpuDeviceKind.Discrete,
                VkPhysicalDeviceType.IntegratedGpu => GpuDeviceKind.Integrated,
                VkPhysicalDeviceType.VirtualGpu => GpuDeviceKind.Virtual,
                VkPhysicalDeviceType.Cpu => GpuDeviceKind.Cpu,
                _ => GpuDeviceKind.Other,
            };
            infos[i] = new DeviceInfo(i, Marshal.PtrToStringUTF8((nint)props.deviceName) ?? "", kind, driverName, driverInfo,
                Vk.VersionString(props.apiVersion), local);
        }
        return (devices, infos);
    }

    private uint FindGraphicsQueue()
    {
        uint count;
        Vki.vkGetPhysicalDeviceQueueFamilyProperties(PhysicalDevice, &count, null);
        var families = stackalloc VkQueueFamilyProperties[(int)count];
        Vki.vkGetPhysicalDeviceQueueFamilyProperties(PhysicalDevice, &count, families);
        for (uint i = 0; i < count; i++)
            if ((families[i].queueFlags & VkQueueFlags.Graphics) != 0) return i;
        throw new InvalidOperationException($"Vulkan device {Info.Name} has no graphics queue.");
    }

    // ------------------------------------------------------------------ memory

    internal uint FindMemoryType(uint typeBits, VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred = 0)
    {
        var want = required | preferred;
        for (var pass = 0; pass < 2; pass++)
        {
            for (var i = 0; i < _memory.memoryTypeCount; i++)
                if ((typeBits & (1u << i)) != 0 && (_memory.memoryTypes[i].propertyFlags & want) == want) return (uint)i;
            want = required;
        }
        throw new InvalidOperationException($"No Vulkan memory type with {required} (type bits 0x{typeBits:X}).");
    }

    internal VkMemoryPropertyFlags MemoryFlags(uint type) => _memory.memoryTypes[(int)type].propertyFlags;

    internal VkDeviceMemory Allocate(VkMemoryRequirements req, VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred, out VkMemoryPropertyFlags flags)
    {
        var type = FindMemoryType(req.memoryTypeBits, required, preferred);
        flags = MemoryFlags(type);
        var info = new VkMemoryAllocateInfo { allocationSize = req.size, memoryTypeIndex = type };
        VkDeviceMemory memory;
        Vkd.vkAllocateMemory(Device, &info, null, &memory);
        Interlocked.Add(ref _allocatedBytes, (long)req.size);
        return memory;
    }

    internal void Free(VkDeviceMemory memory, ulong size)
    {
        if (memory.IsNull) return;
        Vkd.vkFreeMemory(Device, memory, null);
        Interlocked.Add(ref _allocatedBytes, -(long)size);
    }

    /// <summary>True when optimal-tiling images of the format can be blitted with linear filtering (mip generation).</summary>
    internal bool CanBlitLinear(VkFormat format)
    {
        VkFormatProperties props;
        Vki.vkGetPhysicalDeviceFormatProperties(PhysicalDevice, format, &props);
        const VkFormatFeatureFlags need = VkFormatFeatureFlags.BlitSrc | VkFormatFeatureFlags.BlitDst | VkFormatFeatureFlags.SampledImageFilterLinear;
        return (props.optimalTilingFeatures & need) == need;
    }

    // ------------------------------------------------------------------ factory

    public GpuBuffer CreateBuffer(in BufferDescription description) => new(this, description);

    public GpuImage CreateImage(in ImageDescription description) => new(this, description);

    public GpuSampler CreateSampler(in SamplerDescription description) => new(this, description);

    internal VkShaderModule CreateShaderModule(ReadOnlySpan<byte> spirv)
    {
        fixed (byte* code = spirv)
        {
            var info = new VkShaderModuleCreateInfo { codeSize = (nuint)spirv.Length, pCode = (uint*)code };
            VkShaderModule module;
            Vkd.vkCreateShaderModule(Device, &info, null, &module);
            return module;
        }
    }

    /// <summary>Reads an embedded SPIR-V module (shaders/NAME.spv).</summary>
    internal static byte[] LoadSpirv(string name)
    {
        using var stream = typeof(GpuDevice).Assembly.GetManifestResourceStream("shaders/" + name + ".spv")
            ?? throw new InvalidOperationException($"Shader shaders/{name}.spv is not embedded (was glslc run by the build?).");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private readonly object _queueLock = new();

    /// <summary>Submits to the device's queue. Several renderers may share a device: the queue is externally synchronised here.</summary>
    internal void Submit(VkSubmitInfo* submit, VkFence fence)
    {
        lock (_queueLock) Vkd.vkQueueSubmit(Queue, 1, submit, fence);
    }

    public void WaitIdle()
    {
        lock (_queueLock) Vkd.vkDeviceWaitIdle(Device);
    }

    private void DestroyInstance()
    {
        if (_messenger.IsNotNull) Vki.vkDestroyDebugUtilsMessengerEXT(Instance, _messenger, null);
        if (Instance.IsNotNull) Vki.vkDestroyInstance(Instance, null);
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (Device.IsNotNull)
        {
            WaitIdle();
            Vkd.vkDestroyDevice(Device, null);
        }
        DestroyInstance();
        _self.Free();
    }

    /// <summary>NUL-terminated UTF-8 strings pinned for one native call.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> _allocs = [];

        public byte* Get(string s)
        {
            var bytes = System.Text.Encoding.UTF8.GetByteCount(s);
            var p = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
            System.Text.Encoding.UTF8.GetBytes(s, new Span<byte>(p, bytes));
            p[bytes] = 0;
            _allocs.Add((nint)p);
            return p;
        }

        public void Dispose()
        {
            foreach (var p in _allocs) NativeMemory.Free((void*)p);
        }
    }
}
