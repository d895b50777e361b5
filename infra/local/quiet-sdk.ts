// Imported first by the twin's entry points: the SDK's Node 20 notice would bury the twin's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
