#pragma once
#define TENSOROS_VERSION "0.1.0"
