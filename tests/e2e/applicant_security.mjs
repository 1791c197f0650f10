console.log('ok - placeholder');
